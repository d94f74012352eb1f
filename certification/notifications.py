"""E-mails to certificate holders (issue, revoke, re-issue, expiry reminders)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from certification.models import Certificate
from certification.pdf import verification_url


def certificate_notify(*, certificate: Certificate, kind: str) -> bool:
    """Send the e-mail for `kind` (issued, revoked, reissued, reminder_60/30/7) to the holder,
    in their language. Returns False when the holder has no e-mail address."""
    employee = certificate.employee
    user = employee.user
    address = employee.email or (user.email if user else "")
    if not address:
        return False
    language = (user.language if user else None) or settings.LANGUAGE_CODE
    days = int(kind.split("_")[1]) if kind.startswith("reminder_") else None
    context = {
        "certificate": certificate,
        "kind": kind.split("_")[0] if days else kind,
        "days": days,
        "verification_url": verification_url(certificate.code),
        "site_url": settings.SITE_URL,
    }
    with translation.override(language):
        subject = render_to_string("certification/emails/subject.txt", context).strip()
        text = render_to_string("certification/emails/certificate.txt", context)
        html = render_to_string("certification/emails/certificate.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[address])
    message.attach_alternative(html, "text/html")
    if kind in ("issued", "reissued") and certificate.pdf:
        certificate.pdf.open("rb")
        try:
            message.attach(f"{certificate.number}.pdf", certificate.pdf.read(), "application/pdf")
        finally:
            certificate.pdf.close()
    message.send()
    return True
