"""E-mails of the learning app: HTML + text, rendered in the recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def recipient_language(employee=None, user=None) -> str:
    user = user or (employee.user if employee is not None and employee.user_id else None)
    return (getattr(user, "language", None) or settings.LANGUAGE_CODE)[:2]


def recipient_email(employee=None, user=None) -> str:
    if user is not None and user.email:
        return user.email
    if employee is not None:
        if employee.user_id and employee.user.email:
            return employee.user.email
        return employee.email
    return ""


def send_templated(*, to: str, language: str, template: str, context: dict) -> None:
    """Render `learning/emails/<template>_subject.txt`, `.txt` and `.html` in `language` and send."""
    with translation.override(language):
        ctx = {"site_url": settings.SITE_URL, "language": language, **context}
        subject = " ".join(render_to_string(f"learning/emails/{template}_subject.txt", ctx).split())
        text = render_to_string(f"learning/emails/{template}.txt", ctx)
        html = render_to_string(f"learning/emails/{template}.html", ctx)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
