"""Certificates as portable credentials: fetch the rows, build the URLs, call the pure builders.

Reads only (selectors' level): nothing here writes. Every URL is absolute, from SITE_URL, and stable:
- /verificar/<code>/insignia.json      OB 2.0 Assertion (410 Gone with `revoked: true` once revoked)
- /verificar/<code>/insignia.png|svg   the baked badge
- /verificar/<code>/credencial.jwt|json OB 3.0 OpenBadgeCredential (VC-JWT; the JSON is its payload)
- /insignias/emisor.json, /insignias/revocaciones.json, /insignias/<specialisation>.json|png|svg
- /insignias/estado/revocacion.jwt     the Bitstring Status List credential (VC-JWT)
- /insignias/claves.json, /.well-known/did.json  the issuer's public keys
A superseded certificate (re-issued) counts as revoked for badges: its newer copy is the one to share.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from email.utils import parseaddr
from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from certification import selectors
from certification.credentials import baking, images, ob2, ob3
from certification.credentials.keys import KeyError_, KeyRing, generate_key, key_ring
from certification.models import Certificate, CertificateStatus, Exam
from core.models import Company, Specialisation
from core.numbers import format_number
from learning.selectors import learning_paths_for_specialisation

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


def _url(name: str, **kwargs) -> str:
    with translation.override("es"):
        path = reverse(name, kwargs=kwargs or None)
    return settings.SITE_URL.rstrip("/") + path


# --- keys --------------------------------------------------------------------------------------


@cache
def _ring(text: str) -> KeyRing:
    if not text.strip():
        return key_ring(json.dumps({"keys": [generate_key("ephemeral-1")]}), where="generated")
    return key_ring(text, where="CREDENTIAL_SIGNING_KEYS")


def signing_keys() -> KeyRing:
    try:
        return _ring(settings.CREDENTIAL_SIGNING_KEYS or "")
    except KeyError_ as exc:
        raise ImproperlyConfigured(str(exc)) from None


def issuer_did() -> str:
    return ob3.did_web(settings.SITE_URL)


# --- the issuer and its badges ------------------------------------------------------------------


def _issuer_name() -> str:
    if settings.CREDENTIAL_ISSUER_NAME:
        return settings.CREDENTIAL_ISSUER_NAME
    company = Company.objects.order_by("pk").first()
    return (company.legal_name or company.name) if company else "Acredita"


def _issuer_email() -> str:
    return settings.CREDENTIAL_ISSUER_EMAIL or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def issuer() -> ob2.Issuer:
    return ob2.Issuer(
        id=_url("badges:issuer"),
        name=_issuer_name(),
        url=settings.SITE_URL.rstrip("/") + "/",
        email=_issuer_email(),
        revocation_list=_url("badges:revocations"),
    )


def issuer_profile() -> dict:
    return ob2.issuer_profile(issuer())


def _courses(spec: Specialisation) -> list[ob2.Link]:
    seen: dict[int, ob2.Link] = {}
    for learning_path in learning_paths_for_specialisation(specialisation_code=spec.code):
        for step in learning_path.path_courses.all():
            page = step.course
            if page.pk not in seen:  # SITE_URL + the page's path: Wagtail's Site may name another host
                parts = page.get_url_parts()
                url = settings.SITE_URL.rstrip("/") + parts[2] if parts else _url("badges:issuer")
                seen[page.pk] = ob2.Link(url=url, name=page.title)
    return list(seen.values())


def _exam(spec: Specialisation) -> Exam | None:
    return Exam.objects.filter(specialisation=spec, is_active=True).order_by("pk").first()


def _criteria(spec: Specialisation) -> tuple[str, str]:
    exam = _exam(spec)
    courses = _courses(spec)
    url = _url("certification:exam_detail", code=exam.code) if exam else _url("badges:badge_class", code=spec.code)
    with translation.override("es"):
        parts = []
        if courses:
            parts.append(_("Complete the courses: %(courses)s.") % {"courses": "; ".join(c.name for c in courses)})
        if exam:
            parts.append(
                _("Pass the exam “%(exam)s” with at least %(score)s %%.")
                % {"exam": exam.title, "score": format_number(exam.passing_score, language="es")}
            )
        parts.append(
            _("Valid for %(months)s months; renewed by passing the exam again.") % {"months": spec.validity_months}
        )
    return url, " ".join(parts)


def badge(spec: Specialisation) -> ob2.Badge:
    url, narrative = _criteria(spec)
    return ob2.Badge(
        id=_url("badges:badge_class", code=spec.code),
        name=spec.name,
        description=spec.description or spec.name,
        image=_url("badges:badge_png", code=spec.code),
        criteria_url=url,
        criteria_narrative=narrative,
        issuer_id=_url("badges:issuer"),
        tags=(spec.code,),
    )


def badge_class(spec: Specialisation) -> dict:
    return ob2.badge_class(badge(spec))


def badge_image(spec: Specialisation, ext: str) -> bytes | str:
    return (
        images.badge_png(code=spec.code, name=spec.name)
        if ext == "png"
        else images.badge_svg(code=spec.code, name=spec.name)
    )


# --- a certificate ------------------------------------------------------------------------------


def is_withdrawn(cert: Certificate) -> bool:
    return cert.status in (CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED)


def withdrawal_reason(cert: Certificate) -> str:
    """The reason published with a withdrawn badge: generic words, never HR's free-text reason (private,
    like on the verification page)."""
    if cert.status == CertificateStatus.REVOKED:
        with translation.override("es"):
            return _("Revoked by the issuer")
    replacement = getattr(cert, "replaced_by", None)
    with translation.override("es"):
        if replacement is not None:
            return _("Superseded by a newer copy (%(number)s).") % {"number": replacement.number}
        return _("Superseded by a newer copy")


def _salt(cert: Certificate) -> str:
    return salted_hmac("certification.badges.recipient-salt", cert.code).hexdigest()[:16]


def _recipient(cert: Certificate) -> tuple[str, str]:
    employee = cert.employee
    email = employee.email or (employee.user.email if employee.user_id else "")
    return (email, "email") if email else (_url("verification:detail", code=cert.code), "url")


def _start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def valid_from(cert: Certificate) -> dt.datetime:
    return _start(cert.issued_on)


def valid_until(cert: Certificate) -> dt.datetime:
    """The end of the expiry day (a certificate is valid on its `expires_on`)."""
    return _start(cert.expires_on + dt.timedelta(days=1))


def _evidence(cert: Certificate) -> tuple[tuple[ob2.Link, ...], str]:
    attempt = cert.attempt
    exam = attempt.exam
    links = [ob2.Link(url=_url("verification:detail", code=cert.code) + "#intento", name=exam.title)]
    links += _courses(cert.specialisation)
    with translation.override("es"):
        narrative = _("Passed the exam “%(exam)s” with %(score)s %% on %(day)s (attempt %(number)s).") % {
            "exam": exam.title,
            "score": format_number(cert.score, language="es"),
            "day": formats.date_format(
                timezone.localtime(attempt.closed_at or attempt.started_at), "SHORT_DATE_FORMAT"
            ),
            "number": attempt.number,
        }
    return tuple(links), narrative


def award(cert: Certificate) -> ob2.Award:
    identity, kind = _recipient(cert)
    evidence, narrative = _evidence(cert)
    return ob2.Award(
        id=_url("verification:assertion", code=cert.code),
        badge_id=_url("badges:badge_class", code=cert.specialisation.code),
        recipient_identity=identity,
        recipient_type=kind,
        salt=_salt(cert),
        issued_on=valid_from(cert),
        expires=valid_until(cert),
        evidence=evidence,
        evidence_narrative=narrative,
        image=_url("verification:baked_png", code=cert.code),
        revoked=is_withdrawn(cert),
        revocation_reason=withdrawal_reason(cert) if is_withdrawn(cert) else "",
    )


def assertion(cert: Certificate) -> dict:
    return ob2.assertion(award(cert))


def baked_png(cert: Certificate) -> bytes:
    spec = cert.specialisation
    return baking.bake_png(images.badge_png(code=spec.code, name=spec.name), assertion(cert))


def baked_svg(cert: Certificate) -> str:
    spec = cert.specialisation
    return baking.bake_svg(images.badge_svg(code=spec.code, name=spec.name), assertion(cert))


def revocation_list() -> dict:
    revoked = [
        (_url("verification:assertion", code=cert.code), withdrawal_reason(cert))
        for cert in selectors.certificates_withdrawn()
    ]
    return ob2.revocation_list(id=_url("badges:revocations"), issuer_id=_url("badges:issuer"), revoked=revoked)


# --- Open Badges 3.0 ----------------------------------------------------------------------------


def _profile() -> ob3.IssuerProfile:
    return ob3.IssuerProfile(
        did=issuer_did(), name=_issuer_name(), url=settings.SITE_URL.rstrip("/") + "/", email=_issuer_email()
    )


def status_list_url() -> str:
    return _url("badges:status_list")


def open_badge_credential(cert: Certificate) -> dict:
    spec = cert.specialisation
    b = badge(spec)
    identity, _kind = _recipient(cert)
    evidence, _narrative = _evidence(cert)
    return ob3.open_badge_credential(
        issuer=_profile(),
        achievement=ob3.Achievement(
            id=b.id,
            name=b.name,
            description=b.description,
            criteria_url=b.criteria_url,
            criteria_narrative=b.criteria_narrative,
            image=b.image,
        ),
        facts=ob3.CredentialFacts(
            id=_url("verification:credential_json", code=cert.code),
            name=spec.name,
            recipient_email=identity,
            salt=_salt(cert),
            valid_from=valid_from(cert),
            valid_until=valid_until(cert),
            evidence=tuple((link.url, link.name) for link in evidence),
            status_list_url=status_list_url(),
            status_index=cert.pk,
        ),
    )


def _sign(credential: dict, issued_at: dt.datetime) -> str:
    with warnings.catch_warnings():
        # joserfc flags "EdDSA" since RFC 9864 named "Ed25519"; verifiers (PyJWT, VC tools) still expect "EdDSA".
        warnings.filterwarnings("ignore", message="EdDSA is deprecated")
        return ob3.sign_vc_jwt(credential, keys=signing_keys(), did=issuer_did(), issued_at=issued_at)


def open_badge_jwt(cert: Certificate) -> str:
    return _sign(open_badge_credential(cert), valid_from(cert))


def status_list_credential() -> dict:
    return ob3.status_list_credential(
        issuer=_profile(),
        url=status_list_url(),
        revoked_indexes={cert.pk for cert in selectors.certificates_withdrawn()},
        valid_from=timezone.now(),
    )


def status_list_jwt() -> str:
    credential = status_list_credential()
    return _sign(credential, timezone.now())


def jwks() -> dict:
    return signing_keys().public_jwks()


def did_document() -> dict:
    return ob3.did_document(did=issuer_did(), keys=signing_keys())


# --- sharing ------------------------------------------------------------------------------------


def linkedin_url(cert: Certificate) -> str:
    """LinkedIn's "add to profile" certification link, pre-filled."""
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": cert.specialisation.name,
        "organizationName": _issuer_name(),
        "issueYear": cert.issued_on.year,
        "issueMonth": cert.issued_on.month,
        "expirationYear": cert.expires_on.year,
        "expirationMonth": cert.expires_on.month,
        "certUrl": _url("verification:detail", code=cert.code),
        "certId": cert.number,
    }
    return LINKEDIN_ADD + "?" + urlencode(params)
