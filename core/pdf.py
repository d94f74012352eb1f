"""PDF documents: a template rendered to HTML, then to PDF by WeasyPrint (the one place that does it)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

logging.getLogger("weasyprint").setLevel(logging.WARNING)


def html_to_pdf(html: str, *, pdf_variant: str | None = None) -> bytes:
    """`html` as PDF; static files and fonts resolve from the project folder.
    `pdf_variant` is WeasyPrint's (e.g. "pdf/a-3b" for an archivable certificate)."""
    # WeasyPrint (pango, cairo) loads in about a second: only on the first document, not at start-up.
    from weasyprint import HTML

    options = {"pdf_variant": pdf_variant} if pdf_variant else {}
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(**options)


def render_pdf(template: str, context: dict[str, Any], *, language: str, pdf_variant: str | None = None) -> bytes:
    """`template` rendered with `context` in `language`, as PDF."""
    with translation.override(language):
        html = render_to_string(template, context)
    return html_to_pdf(html, pdf_variant=pdf_variant)
