"""The badge artwork for a specialisation: a PNG (Pillow) and the same design as SVG."""

from __future__ import annotations

import hashlib
import io
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

SIZE = 400
_PALETTE = ("#1f5f8b", "#2e7d5b", "#8a4b08", "#6a3d9a", "#a1303a", "#2d6a75")


def _colour(code: str) -> str:
    return _PALETTE[hashlib.sha256(code.encode()).digest()[0] % len(_PALETTE)]


def _initials(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    return "".join(w[0] for w in words[:2]).upper() or "?"


def badge_png(*, code: str, name: str) -> bytes:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, SIZE - 8, SIZE - 8), fill=_colour(code), outline="#ffffff", width=10)
    draw.ellipse((40, 40, SIZE - 40, SIZE - 40), outline="#ffffff", width=3)
    font = ImageFont.load_default(size=150)
    draw.text((SIZE / 2, SIZE / 2), _initials(name), fill="#ffffff", font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def badge_svg(*, code: str, name: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}"'
        f' role="img" aria-label="{escape(name, {chr(34): "&quot;"})}">'
        f'<circle cx="200" cy="200" r="187" fill="{_colour(code)}" stroke="#fff" stroke-width="10"/>'
        '<circle cx="200" cy="200" r="160" fill="none" stroke="#fff" stroke-width="3"/>'
        '<text x="200" y="200" fill="#fff" font-family="sans-serif" font-size="150" text-anchor="middle"'
        f' dominant-baseline="central">{escape(_initials(name))}</text></svg>'
    )
