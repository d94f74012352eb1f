"""E-mails to certificate holders (issue, revoke, re-issue, expiry reminders)."""

from __future__ import annotations

from certification.models import Certificate
from certification.pdf import verification_url
from core.mail import templated_mail, user_language


def certificate_notify(*, certificate: Certificate, kind: str) -> bool:
    """Send the e-mail for `kind` (issued, revoked, reissued, reminder_60/30/7) to the holder,
    in their language. Returns False when the holder has no e-mail address."""
    employee = certificate.employee
    user = employee.user
    address = employee.email or (user.email if user else "")
    if not address:
        return False
    days = int(kind.split("_")[1]) if kind.startswith("reminder_") else None
    context = {
        "certificate": certificate,
        "kind": kind.split("_")[0] if days else kind,
        "days": days,
        "verification_url": verification_url(certificate.code),
    }
    message = templated_mail(
        to=address, language=user_language(user), template="certification/emails/certificate", context=context
    )
    if kind in ("issued", "reissued") and certificate.pdf:
        certificate.pdf.open("rb")
        try:
            message.attach(f"{certificate.number}.pdf", certificate.pdf.read(), "application/pdf")
        finally:
            certificate.pdf.close()
    message.send()
    return True
