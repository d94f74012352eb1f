"""Certificate PDF: WeasyPrint, PDF/A-3b, Spanish, with a QR code to the verification page."""

from __future__ import annotations

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.pdf import html_to_pdf


def verification_url(code: str) -> str:
    """Absolute URL of the public verification page for `code`."""
    base = getattr(settings, "SITE_URL", "") or getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    with translation.override("es"):
        path = reverse("verification:detail", kwargs={"code": code})
    return base.rstrip("/") + path


def qr_svg_data_uri(url: str) -> str:
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2)


def render_certificate_html(cert) -> str:
    url = verification_url(cert.code)
    with translation.override("es"):
        return render_to_string(
            "certification/pdf/certificate.html",
            {"certificate": cert, "verification_url": url, "qr": qr_svg_data_uri(url)},
        )


def render_certificate(cert) -> bytes:
    return html_to_pdf(render_certificate_html(cert), pdf_variant="pdf/a-3b")
