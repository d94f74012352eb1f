import datetime as dt
import hashlib
import subprocess
import tempfile
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from certification import selectors, services
from certification.engine.codes import check_code
from certification.models import Attempt, AttemptStatus, Certificate, CertificateEvent, CertificateStatus, ClosedBy
from core.dates import add_months
from core.models import AuditEvent
from learning.models import Assignment
from tests import pdftools
from tests.certification.factories import NOW
from tests.certification.test_cert_attempts import form_for


def pass_exam(exam, employee, now=NOW):
    attempt = services.attempt_start(exam=exam, employee=employee, now=now)
    services.attempt_submit(attempt=attempt, form=form_for(attempt), now=now + dt.timedelta(minutes=5))
    return Certificate.objects.get(attempt=attempt, replaces__isnull=True)


@pytest.fixture
def cert(exam, world):
    """The agent's certificate, issued; its delivery (the PDF rendered by WeasyPrint, the e-mail)
    waits for a commit that the test's transaction never makes: see ``delivered_cert``."""
    return pass_exam(exam, world.agent_employee)


@pytest.fixture
def delivered_cert(exam, world, django_capture_on_commit_callbacks):
    """The agent's certificate, issued and delivered as after the commit: PDF rendered and stored,
    holder e-mailed (for the tests that read the PDF, its hash or the e-mail)."""
    with django_capture_on_commit_callbacks(execute=True):
        return pass_exam(exam, world.agent_employee)


def pdf_text(data: bytes) -> str:
    return pdftools.pdf_text(data, layout=True)


def test_it_issues_at_once_with_number_code_dates_and_audit(cert, world, exam):
    assert cert.status == CertificateStatus.VALID
    assert check_code(cert.code).ok
    assert cert.number.startswith("ACR-2026-")
    assert cert.issued_on == dt.date(2026, 3, 2)
    assert cert.expires_on == dt.date(2027, 3, 2)  # 12 months
    assert cert.holder_name == world.agent_employee.full_name
    assert AuditEvent.objects.filter(action="certificate.issue", object_id=str(cert.pk)).exists()
    assert list(cert.events.values_list("kind", flat=True)) == ["issued"]


def test_the_holder_gets_an_email_with_the_pdf(delivered_cert, world):
    cert = delivered_cert
    (message,) = mail.outbox
    assert message.to == [world.agent_employee.email or world.agent.email]
    assert cert.number in message.body
    assert message.attachments[0][0] == f"{cert.number}.pdf"


def test_the_pdf_is_pdfa_in_spanish_with_its_hash_stored(delivered_cert):
    cert = delivered_cert
    cert.refresh_from_db()
    data = cert.pdf.open("rb").read()
    assert hashlib.sha256(data).hexdigest() == cert.pdf_sha256
    text = pdf_text(data)
    assert "Certificado de competencia" in text
    assert cert.holder_name in text and cert.number in text
    assert cert.display_code in text
    assert "2 de marzo de 2026" in text and "2 de marzo de 2027" in text
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        meta = subprocess.run(["pdfinfo", "-meta", handle.name], capture_output=True, check=True, text=True).stdout
    assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="B"' in meta


def test_the_qr_code_opens_the_verification_page(delivered_cert):
    cert = delivered_cert
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    cert.refresh_from_db()
    with tempfile.TemporaryDirectory() as tmp:
        page = pdftools.pdf_first_page_png(cert.pdf.open("rb").read(), Path(tmp))
        results = zxingcpp.read_barcodes(Image.open(page))
    assert [r.text for r in results] == [f"http://testserver/verificar/{cert.code}/"]


@pytest.mark.parametrize("status", ["valid", "expired", "revoked", "superseded"])
def test_the_verification_page_shows_each_status(delivered_cert, client, world, status):
    cert = delivered_cert
    target = cert
    if status == "revoked":
        services.certificate_revoke(certificate=cert, reason="Fraude en el examen", actor=world.hr)
    elif status == "superseded":
        services.certificate_reissue(
            certificate=cert, reason="Corrección de nombre", holder_name="María G. H.", actor=world.hr
        )
    travel = dt.datetime(2027, 6, 1, tzinfo=dt.UTC) if status == "expired" else dt.datetime(2026, 3, 3, tzinfo=dt.UTC)
    with time_machine.travel(travel):
        response = client.get(reverse("verification:detail", args=[target.code]))
    html = response.content.decode()
    assert response.status_code == 200
    assert target.holder_name in html and target.number in html
    expected = {"valid": "Valid", "expired": "Expired", "revoked": "Revoked", "superseded": "Superseded"}[status]
    spanish = {"valid": "Vigente", "expired": "Vencido", "revoked": "Revocado", "superseded": "Reemplazado"}[status]
    assert expected in html or spanish in html
    if status == "revoked":
        assert "Fraude en el examen" not in html  # status and date only, never the free-text reason
    if status == "superseded":
        assert cert.replaced_by.number in html
    target.refresh_from_db()
    if target.pdf_sha256:
        assert target.pdf_sha256 in html


@pytest.mark.parametrize("code", ["ZZZZZZZZZZZ", "abc", "0000-0000-000", "<script>"])
def test_unknown_or_malformed_codes_get_a_plain_not_found(db, client, code):
    response = client.get(reverse("verification:detail", args=[code]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "<script>" not in html.split("</header>")[-1]


def test_the_form_accepts_a_typed_code_with_confusables(cert, client):
    typed = cert.display_code.lower().replace("0", "o").replace("1", "l")
    response = client.get(reverse("verification:form"), {"codigo": typed})
    assert response["Location"] == reverse("verification:detail", args=[cert.code])
    bad = client.get(reverse("verification:form"), {"codigo": "nope"})
    assert bad.status_code == 200 and "typed" not in bad.content.decode()


def test_verification_is_rate_limited(cert, client, settings):
    settings.VERIFICATION_RATE_LIMIT = "3/m"
    with time_machine.travel(dt.datetime(2026, 3, 3, 12, 0, 5, tzinfo=dt.UTC), tick=False):
        codes = [client.get(reverse("verification:detail", args=[cert.code])).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_revoke_needs_a_reason_and_is_audited_and_emailed(cert, world, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with pytest.raises(services.CertificationError):
        services.certificate_revoke(certificate=cert, reason=" ", actor=world.hr)
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_revoke(certificate=cert, reason="Suplantación", actor=world.hr)
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.REVOKED and cert.revocation_reason == "Suplantación"
    assert AuditEvent.objects.filter(action="certificate.revoke").count() == 1
    assert len(mail.outbox) == 1 and "Suplantación" in mail.outbox[0].body
    with pytest.raises(services.CertificationError) as again:
        services.certificate_revoke(certificate=cert, reason="x", actor=world.hr)
    assert again.value.code == "certificate.not_active"


def test_reissue_supersedes_the_old_copy(delivered_cert, world, django_capture_on_commit_callbacks):
    cert = delivered_cert
    with django_capture_on_commit_callbacks(execute=True):
        new = services.certificate_reissue(
            certificate=cert, reason="Nombre", holder_name="María Guadalupe García", actor=world.hr
        )
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.SUPERSEDED
    assert new.replaces == cert and new.holder_name == "María Guadalupe García"
    assert (new.issued_on, new.expires_on) == (cert.issued_on, cert.expires_on)
    new.refresh_from_db()
    assert new.code != cert.code and new.number != cert.number
    assert new.pdf_sha256 and new.pdf_sha256 != cert.pdf_sha256
    assert AuditEvent.objects.filter(action="certificate.reissue").count() == 1
    assert "María Guadalupe García" in pdf_text(new.pdf.open("rb").read())


def test_hr_revokes_from_the_page_and_agents_cannot(cert, world, client_for):
    url = reverse("certification:hr_certificate", args=[cert.pk])
    assert client_for(world.agent).post(url, {"action": "revoke", "reason": "x"}).status_code == 403
    response = client_for(world.hr).post(url, {"action": "revoke", "reason": "Error de registro"})
    assert response.status_code == 302
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.REVOKED


def test_certificates_valid_on(cert, world, exam):
    ids = [world.agent_employee.pk, world.teammate_employee.pk]
    spec = exam.specialisation
    assert set(selectors.certificates_valid_on(agent_ids=ids, specialisation=spec, day=dt.date(2026, 3, 2))) == {
        world.agent_employee.pk
    }
    assert selectors.certificates_valid_on(agent_ids=ids, specialisation=spec, day=dt.date(2026, 3, 1)) == {}
    assert selectors.certificates_valid_on(agent_ids=ids, specialisation=spec.code, day=dt.date(2027, 3, 2))
    assert selectors.certificates_valid_on(agent_ids=ids, specialisation=spec.pk, day=dt.date(2027, 3, 3)) == {}
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)):
        services.certificate_revoke(certificate=cert, reason="x", actor=world.hr)
    # valid before the revocation day, not from it
    assert selectors.certificates_valid_on(agent_ids=ids, specialisation=spec, day=dt.date(2026, 5, 31))
    assert selectors.certificates_valid_on(agent_ids=ids, specialisation=spec, day=dt.date(2026, 6, 1)) == {}


def test_a_reissued_certificate_stays_valid_without_gap(cert, world, exam):
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)):
        new = services.certificate_reissue(certificate=cert, reason="Nombre", actor=world.hr)
    for day in (dt.date(2026, 5, 31), dt.date(2026, 6, 1), dt.date(2026, 12, 1)):
        found = selectors.certificates_valid_on(
            agent_ids=[world.agent_employee.pk], specialisation=exam.specialisation, day=day
        )
        assert world.agent_employee.pk in found
    assert found[world.agent_employee.pk].number == new.number


def test_refresh_expires_on_time_and_is_safe_twice(cert):
    assert services.certificates_refresh(today=dt.date(2027, 3, 2))["expired"] == 0
    assert services.certificates_refresh(today=dt.date(2027, 3, 3))["expired"] == 1
    assert services.certificates_refresh(today=dt.date(2027, 3, 3))["expired"] == 0
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.EXPIRED


def test_renewal_window_assigns_the_path_and_reminds_60_30_7(cert, learning_path, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    expires = cert.expires_on
    renewal = Assignment.objects.filter(employee=cert.employee, path=learning_path)
    with django_capture_on_commit_callbacks(execute=True):
        services.certificates_refresh(today=expires - dt.timedelta(days=61))
    assert not renewal.exists() and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.certificates_refresh(today=expires - dt.timedelta(days=60))
        services.certificates_refresh(today=expires - dt.timedelta(days=59))
    assert list(renewal.values_list("due_date", flat=True)) == [expires]
    assert CertificateEvent.objects.get(certificate=cert, kind="renewal_assigned").note == "assigned"
    # the reason the agent reads on their learning page: words in the portal's language, not
    # "certificate ACR-… expires 2027-…"
    reason = renewal.get().reason
    assert reason.startswith("Renovación: el certificado " + cert.number + " vence el ") and "-" not in reason[-12:]
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.EXPIRING
    with django_capture_on_commit_callbacks(execute=True):
        services.certificates_refresh(today=expires - dt.timedelta(days=30))
        services.certificates_refresh(today=expires - dt.timedelta(days=7))
        services.certificates_refresh(today=expires - dt.timedelta(days=7))
    kinds = list(CertificateEvent.objects.filter(certificate=cert).values_list("kind", flat=True))
    assert kinds.count("reminder_60") == kinds.count("reminder_30") == kinds.count("reminder_7") == 1
    assert len(mail.outbox) == 3


def test_passing_again_renews_for_the_next_cycle_and_keeps_history(cert, exam, world, learning_path):
    services.certificates_refresh(today=cert.expires_on - dt.timedelta(days=30))
    renewal_day = dt.datetime.combine(cert.expires_on - dt.timedelta(days=20), dt.time(15), tzinfo=dt.UTC)
    new = pass_exam(exam, world.agent_employee, now=renewal_day)
    assert new.pk != cert.pk
    assert new.expires_on == dt.date(2028, 3, 2)  # the cycle continues from the old expiry
    assert Certificate.objects.filter(employee=world.agent_employee).count() == 2
    # no more reminders for the old one once renewed
    counts = services.certificates_refresh(today=cert.expires_on - dt.timedelta(days=7))
    assert counts["reminders"] == 0


def test_hr_views_and_exports(cert, world, client_for):
    hr = client_for(world.hr)
    matrix = hr.get(reverse("certification:hr_matrix"), {"day": "2026-03-03"})
    assert matrix.status_code == 200 and world.agent_employee.full_name in matrix.content.decode()
    csv_response = hr.get(reverse("certification:hr_matrix"), {"day": "2026-03-03", "format": "csv"})
    assert world.agent_employee.employee_code in csv_response.content.decode("utf-8-sig")
    xlsx = hr.get(reverse("certification:hr_matrix"), {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    with time_machine.travel(dt.datetime(2027, 2, 20, 12, tzinfo=dt.UTC)):
        hr = client_for(world.hr)
        expiring = hr.get(reverse("certification:hr_expiring"), {"dias": 30}).content.decode()
    assert cert.number in expiring
    clearance = hr.get(
        reverse("certification:hr_campaign"), {"campaign": world.campaign.pk, "day": "2026-03-03"}
    ).content.decode()
    assert world.agent_employee.full_name in clearance and world.teammate_employee.full_name in clearance
    rows = selectors.campaign_clearance(user=world.hr, campaign=world.campaign, day=dt.date(2026, 3, 3))
    cleared = {r.employee.pk: r.cleared for r in rows}
    assert cleared[world.agent_employee.pk] and not cleared[world.teammate_employee.pk]


def test_hr_views_respect_scope(cert, world, client_for):
    # the outsider's supervisor does not see our agent; agents cannot open the matrix
    assert client_for(world.agent).get(reverse("certification:hr_matrix")).status_code == 403
    specs, rows = selectors.certification_matrix(user=world.supervisor, day=dt.date(2026, 3, 3))
    names = {r.employee.pk for r in rows}
    assert world.agent_employee.pk in names and world.outsider_employee.pk not in names
    other = client_for(world.outsider)
    assert other.get(reverse("certification:certificate_pdf", args=[cert.pk])).status_code == 404


def _graded_past_attempt(exam, employee, closed_at):
    return Attempt.objects.create(
        exam=exam,
        employee=employee,
        number=1,
        status=AttemptStatus.GRADED,
        started_at=closed_at - dt.timedelta(minutes=20),
        deadline=closed_at + dt.timedelta(minutes=10),
        closed_at=closed_at,
        closed_by=ClosedBy.AGENT,
        percentage=90,
        passed=True,
        passing_score=exam.passing_score,
    )


def test_a_certificate_loaded_from_history_is_made_like_an_issued_one(exam, world, django_capture_on_commit_callbacks):
    closed_at = NOW - dt.timedelta(days=400)
    attempt = _graded_past_attempt(exam, world.agent_employee, closed_at)
    with django_capture_on_commit_callbacks(execute=True):
        (cert,) = services.certificates_load_history(attempts=[attempt], today=NOW.date())
    cert.refresh_from_db()
    assert check_code(cert.code).ok
    assert cert.number.startswith(f"ACR-{closed_at.year}-") and not cert.number.startswith("TMP")
    assert cert.expires_on == add_months(cert.issued_on, world.specialisation.validity_months)
    assert cert.status == CertificateStatus.EXPIRED
    assert list(cert.events.values_list("kind", "at")) == [("issued", closed_at)]
    audit = AuditEvent.objects.get(action="certificate.issue", object_id=str(cert.pk))
    assert cert.number in audit.summary
    assert mail.outbox == []  # history is not news


def test_my_certification_shows_the_day_status_in_words_not_its_code(cert, world, client_for):
    """A valid certificate near its expiry reads "expiring soon" (before: "Vigente (expiring)")."""
    with time_machine.travel(dt.datetime.combine(cert.expires_on - dt.timedelta(days=10), dt.time(12), dt.UTC)):
        page = client_for(world.agent).get(reverse("certification:my_certification")).content.decode()
    assert "(expiring)" not in page
    assert "badge--warn" in page
