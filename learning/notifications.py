"""E-mails of the learning app: HTML + text, rendered in the recipient's language."""

from __future__ import annotations

from core.mail import send_templated_mail, user_language


def recipient_language(employee=None, user=None) -> str:
    user = user or (employee.user if employee is not None and employee.user_id else None)
    return user_language(user)


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
    send_templated_mail(to=to, language=language, template=f"learning/emails/{template}", context=context)
