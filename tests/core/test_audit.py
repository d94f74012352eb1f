import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from core.audit import audit_purge, audit_record, audit_verify
from core.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db


def _three_events(world):
    for i in range(3):
        audit_record(
            action="test.event", actor=world.hr, target=world.agent_employee, before={"n": i}, after={"n": i + 1}
        )


def test_it_chains_events_and_verifies(world):
    _three_events(world)
    events = list(AuditEvent.objects.order_by("pk"))
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    report = audit_verify()
    assert report.ok and report.checked == len(events)


def test_it_detects_an_edited_event(world):
    _three_events(world)
    target = AuditEvent.objects.order_by("pk")[1]
    AuditEvent.objects.filter(pk=target.pk).update(after={"n": 999})  # a hand edit in the database
    report = audit_verify()
    assert not report.ok and report.broken_event_id == target.pk


def test_it_detects_a_deleted_event(world):
    _three_events(world)
    events = list(AuditEvent.objects.order_by("pk"))
    AuditEvent.objects.filter(pk=events[1].pk)._raw_delete(AuditEvent.objects.db)
    report = audit_verify()
    assert not report.ok and report.broken_event_id == events[2].pk


def test_it_detects_a_deleted_last_event(world):
    _three_events(world)
    last = AuditEvent.objects.order_by("-pk").first()
    AuditEvent.objects.filter(pk=last.pk)._raw_delete(AuditEvent.objects.db)
    assert not audit_verify().ok


def test_it_refuses_edits_and_deletes_through_the_orm(world):
    _three_events(world)
    event = AuditEvent.objects.first()
    event.summary = "changed"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()


def test_verify_audit_command_exits_non_zero_naming_the_event(world):
    _three_events(world)
    call_command("verify_audit")
    target = AuditEvent.objects.order_by("pk").first()
    AuditEvent.objects.filter(pk=target.pk).update(summary="tampered")
    with pytest.raises(CommandError, match=f"#{target.pk}"):
        call_command("verify_audit")


def test_it_purges_old_events_and_still_verifies(world):
    with time_machine.travel(dt.datetime(2023, 1, 10, 12, tzinfo=dt.UTC)):
        _three_events(world)
    with time_machine.travel(dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC)):
        audit_record(action="test.recent", actor=world.hr)
        deleted = audit_purge(retention_days=730)
    assert deleted >= 3
    assert not AuditEvent.objects.filter(action="test.event").exists()
    head = AuditChainHead.objects.get(pk=1)
    assert head.checkpoint_event_id > 0
    assert audit_verify().ok
    assert AuditEvent.objects.filter(action="audit.purge").exists()


def test_it_records_request_ip_and_actor(world, client_for):
    client = client_for(world.compliance)
    client.get("/organizacion/auditoria/exportar.csv", REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.filter(action="audit.export").get()
    assert event.actor == world.compliance and event.ip == "10.1.2.3"


def test_it_audits_login_and_failed_login(world, client):
    client.post("/cuenta/login/", {"login": "agent", "password": "wrong"})
    client.post("/cuenta/login/", {"login": "agent", "password": "pass"})
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "auth.login_failed" in actions and "auth.login" in actions


def test_compliance_browses_filters_and_exports(world, client_for):
    audit_record(action="certificate.revoke", actor=world.hr, target=world.agent_employee, summary="name typo")
    audit_record(action="kpi_import.load", actor=world.analyst, summary="feed")
    client = client_for(world.compliance)
    page = client.get("/organizacion/auditoria/", {"action": "certificate.revoke"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "certificate.revoke" in body and "kpi_import.load" not in body.split("<tbody>")[1]
    export = client.get("/organizacion/auditoria/exportar.csv", {"action": "certificate.revoke"})
    content = b"".join(export.streaming_content).decode("utf-8-sig")
    assert content.splitlines()[0].startswith("id,at,actor,action")
    assert "name typo" in content and "kpi_import.load" not in content


@pytest.mark.parametrize("role", ["agent", "supervisor", "manager", "hr", "analyst", "editor"])
def test_other_roles_cannot_open_the_audit_trail(world, client_for, role):
    assert client_for(world.user(role)).get("/organizacion/auditoria/").status_code == 403
