"""Open Badges 2.0 (hosted) and 3.0 (VC-JWT): each certificate verifies with an independent verifier
(tests/certification/badge_verifier.py: pyld + PyJWT, the portal builds with its own code and joserfc),
and stops verifying once revoked or expired."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image

from certification import badges, services
from certification.credentials.keys import generate_key
from tests.certification.badge_verifier import expand, status_bit, verify_ob2, verify_ob3
from tests.certification.test_cert_certificates import cert  # noqa: F401 - the fixture

BASE = "http://testserver"
DURING = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)  # the fixture's certificate: 2026-03-02 .. 2027-03-02
AFTER = dt.datetime(2027, 3, 10, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def issuer_key(settings):
    settings.CREDENTIAL_SIGNING_KEYS = json.dumps({"keys": [generate_key("2026-a")]})


def email_of(cert):  # noqa: F811
    return cert.employee.email or cert.employee.user.email


def assertion_url(cert):  # noqa: F811
    return BASE + reverse("verification:assertion", args=[cert.code])


def jwt_of(client, cert):  # noqa: F811
    response = client.get(reverse("verification:credential_jwt", args=[cert.code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
    return response.content.decode()


# --- Open Badges 2.0 ---------------------------------------------------------------------------


def test_a_valid_certificate_verifies_as_a_hosted_ob2_assertion(cert, client):  # noqa: F811
    result = verify_ob2(client, assertion_url(cert), email=email_of(cert), now=DURING)
    assert result.ok, result.problems
    doc = result.document
    assert doc["recipient"]["type"] == "email" and email_of(cert) not in json.dumps(doc)
    assert doc["issuedOn"].startswith("2026-03-0") and doc["expires"].startswith("2027-03-0")
    [attempt, *courses] = doc["evidence"]
    assert cert.attempt.exam.title in attempt["narrative"] and "(intento 1)" in attempt["narrative"]


def test_the_recipient_hash_does_not_match_another_email(cert, client):  # noqa: F811
    result = verify_ob2(client, assertion_url(cert), email="someone.else@example.com", now=DURING)
    assert result.problems == ["recipient does not match"]


def test_an_expired_certificate_fails_ob2_verification_as_expired(cert, client):  # noqa: F811
    result = verify_ob2(client, assertion_url(cert), email=email_of(cert), now=AFTER)
    assert result.problems == ["expired"]


def test_a_revoked_certificate_answers_410_with_revoked_and_is_on_the_revocation_list(cert, client, world):  # noqa: F811
    services.certificate_revoke(certificate=cert, reason="Fraude en el examen del titular", actor=world.hr)
    response = client.get(reverse("verification:assertion", args=[cert.code]))
    assert response.status_code == 410
    body = json.loads(response.content)
    assert body["revoked"] is True and body["id"] == assertion_url(cert)
    assert body["revocationReason"] == "Revocado por el emisor"  # HR's own words stay private
    assert "Fraude" not in response.content.decode()
    revocations = client.get(reverse("badges:revocations")).json()
    assert [item["id"] for item in revocations["revokedAssertions"]] == [assertion_url(cert)]
    assert verify_ob2(client, assertion_url(cert), email=email_of(cert), now=DURING).problems == ["revoked"]


def test_a_superseded_copy_counts_as_revoked_and_points_to_the_new_number(cert, client, world):  # noqa: F811
    new = services.certificate_reissue(certificate=cert, actor=world.hr, reason="Corrección del nombre")
    body = client.get(reverse("verification:assertion", args=[cert.code])).json()
    assert body["revoked"] is True and new.number in body["revocationReason"]
    assert verify_ob2(client, assertion_url(new), email=email_of(new), now=DURING).ok


def test_the_verification_page_answers_json_ld_to_a_verifier_and_html_to_a_browser(cert, client):  # noqa: F811
    url = reverse("verification:detail", args=[cert.code])
    for accept in ("application/ld+json", "application/json", "application/ld+json, */*;q=0.1"):
        response = client.get(url, HTTP_ACCEPT=accept)
        assert response["Content-Type"].startswith("application/ld+json"), accept
        assert response.json()["id"] == assertion_url(cert)
        assert "Accept" in response["Vary"]
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = client.get(url, HTTP_ACCEPT=browser)
    assert page["Content-Type"].startswith("text/html") and "Accept" in page["Vary"]


def test_the_issuer_badge_class_and_contexts_are_served_as_json_ld(cert, client):  # noqa: F811
    badge = client.get(reverse("badges:badge_class", args=[cert.specialisation.code])).json()
    node = expand(badge)
    assert node["@id"] == badge["id"] and badge["name"] == cert.specialisation.name
    assert badge["criteria"]["id"].endswith(reverse("certification:exam_detail", args=[cert.attempt.exam.code]))
    assert cert.attempt.exam.title in badge["criteria"]["narrative"]
    image = client.get(badge["image"].removeprefix(BASE))
    assert image.status_code == 200 and Image.open(io.BytesIO(image.content)).format == "PNG"
    issuer = client.get(reverse("badges:issuer"))
    assert issuer["Access-Control-Allow-Origin"] == "*" and issuer.json()["type"] == "Issuer"
    context = client.get(reverse("badges:context", args=["ob-v2.json"])).json()
    assert "BadgeClass" in context["@context"]
    assert client.get(reverse("badges:context", args=["elsewhere.json"])).status_code == 404


def test_the_baked_png_and_svg_carry_the_assertion(cert, client):  # noqa: F811
    png = client.get(reverse("verification:baked_png", args=[cert.code]))
    assert png["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(png.content))
    image.load()
    baked = json.loads(image.text["openbadges"])  # the iTXt chunk, read by Pillow
    assert b"iTXt" in png.content and baked["id"] == assertion_url(cert)
    svg = client.get(reverse("verification:baked_svg", args=[cert.code])).content.decode()
    assert 'xmlns:openbadges="http://openbadges.org"' in svg
    assert f'<openbadges:assertion verify="{assertion_url(cert)}"><![CDATA[' in svg


# --- Open Badges 3.0 ---------------------------------------------------------------------------


def test_a_valid_certificate_verifies_as_an_ob3_credential_with_another_jose_library(cert, client):  # noqa: F811
    with time_machine.travel(DURING, tick=False):
        result = verify_ob3(client, jwt_of(client, cert), email=email_of(cert), now=DURING)
    assert result.ok, result.problems
    assert result.document["credentialStatus"]["statusListIndex"] == str(cert.pk)


def test_a_revoked_ob3_credential_is_flagged_by_its_status_list_bit(cert, client, world):  # noqa: F811
    with time_machine.travel(DURING, tick=False):
        token = jwt_of(client, cert)  # the copy the holder keeps
        services.certificate_revoke(certificate=cert, reason="Error administrativo", actor=world.hr)
        result = verify_ob3(client, token, email=email_of(cert), now=DURING)
        assert result.problems == ["revoked"]
        assert status_bit(client, result.document["credentialStatus"]) == 1


def test_an_expired_ob3_credential_fails_on_valid_until(cert, client):  # noqa: F811
    token = jwt_of(client, cert)
    with time_machine.travel(AFTER, tick=False):
        result = verify_ob3(client, token, email=email_of(cert), now=AFTER)
    assert result.problems == ["expired"]


def test_after_a_key_rotation_old_credentials_still_verify_and_new_ones_use_the_new_key(cert, client, settings):  # noqa: F811
    old = generate_key("2026-a")
    settings.CREDENTIAL_SIGNING_KEYS = json.dumps({"keys": [old]})
    before = jwt_of(client, cert)
    retired = {k: v for k, v in old.items() if k != "d"}  # only the public part is kept
    settings.CREDENTIAL_SIGNING_KEYS = json.dumps({"keys": [generate_key("2026-b"), retired]})
    after = jwt_of(client, cert)
    with time_machine.travel(DURING, tick=False):
        assert verify_ob3(client, before, email=email_of(cert), now=DURING).ok
        assert verify_ob3(client, after, email=email_of(cert), now=DURING).ok
    kids = [key["kid"] for key in client.get(reverse("badges:jwks")).json()["keys"]]
    assert kids == ["2026-b", "2026-a"]
    assert all("d" not in key for key in client.get(reverse("badges:jwks")).json()["keys"])


def test_unusable_keys_stop_with_a_message_naming_the_setting(settings):
    settings.CREDENTIAL_SIGNING_KEYS = json.dumps({"keys": [{"kty": "RSA", "kid": "x"}]})
    with pytest.raises(ImproperlyConfigured, match="CREDENTIAL_SIGNING_KEYS: key 1 is not an Ed25519 JWK"):
        badges.signing_keys()
    public_only = {k: v for k, v in generate_key("k").items() if k != "d"}
    settings.CREDENTIAL_SIGNING_KEYS = json.dumps({"keys": [public_only]})
    with pytest.raises(ImproperlyConfigured, match="must include its private part"):
        badges.signing_keys()


def test_the_did_web_document_publishes_every_key(client, settings):
    settings.CREDENTIAL_SIGNING_KEYS = json.dumps({"keys": [generate_key("k2"), generate_key("k1")]})
    doc = client.get("/.well-known/did.json").json()
    assert doc["id"] == "did:web:testserver"
    assert [m["id"] for m in doc["verificationMethod"]] == ["did:web:testserver#k2", "did:web:testserver#k1"]
    assert doc["assertionMethod"] == [m["id"] for m in doc["verificationMethod"]]


# --- the page and the command -------------------------------------------------------------------


def test_the_page_offers_linkedin_and_the_downloads(cert, client):  # noqa: F811
    page = client.get(reverse("verification:detail", args=[cert.code])).content.decode()
    assert "Añadir a LinkedIn" in page and "Descargar credencial" in page
    assert "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in page
    assert f"certId={cert.number}" in page and "issueYear=2026&amp;issueMonth=3" in page
    assert "expirationYear=2027&amp;expirationMonth=3" in page
    for name in ("baked_png", "baked_svg", "credential_jwt", "credential_json"):
        assert reverse(f"verification:{name}", args=[cert.code]) in page


def test_a_revoked_certificate_offers_nothing_to_share(cert, client, world):  # noqa: F811
    services.certificate_revoke(certificate=cert, reason="Fraude", actor=world.hr)
    page = client.get(reverse("verification:detail", args=[cert.code])).content.decode()
    assert "Añadir a LinkedIn" not in page and "Descargar credencial" not in page


def test_export_credential_writes_each_format(cert, client, tmp_path):  # noqa: F811
    call_command("export_credential", cert.display_code, "--format", "ob2", "--out", str(tmp_path / "a.json"))
    assert json.loads((tmp_path / "a.json").read_text())["id"] == assertion_url(cert)
    call_command("export_credential", cert.code, "--format", "ob2", "--out", str(tmp_path / "a.png"))
    assert "openbadges" in Image.open(tmp_path / "a.png").text
    call_command("export_credential", cert.code, "--format", "ob3", "--out", str(tmp_path / "c.jwt"))
    with time_machine.travel(DURING, tick=False):
        assert verify_ob3(client, (tmp_path / "c.jwt").read_text(), email=email_of(cert), now=DURING).ok


def test_export_credential_refuses_an_unknown_code_or_format_and_writes_nothing(cert, tmp_path):  # noqa: F811
    with pytest.raises(CommandError, match="No hay ningún certificado con el código de verificación “NOPE”"):
        call_command("export_credential", "NOPE", "--format", "ob2", "--out", str(tmp_path / "x.json"))
    with pytest.raises(CommandError, match="Formato desconocido “ob4”"):
        call_command("export_credential", cert.code, "--format", "ob4", "--out", str(tmp_path / "x.json"))
    assert list(tmp_path.iterdir()) == []


def test_key_rotation_command_puts_a_new_key_first_and_keeps_the_old_ones_public_only(tmp_path, settings):
    path = tmp_path / "keys.json"
    call_command("credential_key_rotate", "--file", str(path), "--kid", "k1")
    call_command("credential_key_rotate", "--file", str(path), "--kid", "k2")
    keys = json.loads(path.read_text())["keys"]
    assert [key["kid"] for key in keys] == ["k2", "k1"] and "d" in keys[0] and "d" not in keys[1]
    assert path.stat().st_mode & 0o777 == 0o600
    settings.CREDENTIAL_SIGNING_KEYS = path.read_text()
    assert badges.signing_keys().kid == "k2"
    with pytest.raises(CommandError, match="ya tiene una clave “k2”"):
        call_command("credential_key_rotate", "--file", str(path), "--kid", "k2")
