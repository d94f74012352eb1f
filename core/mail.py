"""Templated e-mail: HTML + text, rendered in the recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def user_language(user) -> str:
    return (getattr(user, "language", None) or settings.LANGUAGE_CODE)[:2]


def templated_mail(*, to: str, language: str, template: str, context: dict) -> EmailMultiAlternatives:
    """The message rendered from ``<template>_subject.txt``, ``<template>.txt`` and ``<template>.html``
    in ``language`` (``template`` is a path like ``"incentives/emails/run_submitted"``)."""
    with translation.override(language):
        ctx = {"site_url": settings.SITE_URL, "language": language, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", ctx).split())
        text = render_to_string(f"{template}.txt", ctx)
        html = render_to_string(f"{template}.html", ctx)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    return message


def send_templated_mail(*, to: str, language: str, template: str, context: dict) -> None:
    templated_mail(to=to, language=language, template=template, context=context).send()
