"""Baked badges: the assertion inside the image (Open Badges 2.0 "Baking").

PNG: an ``iTXt`` chunk with keyword ``openbadges`` whose text is the assertion JSON, written by
Pillow's `PngInfo.add_itxt` (uncompressed, as the baking specification asks). SVG: an
``openbadges:assertion`` element (namespace ``http://openbadges.org``) right inside the root, with the
assertion's URL in ``verify`` and its JSON in a CDATA section.
"""

from __future__ import annotations

import io
import json
import re
from xml.sax.saxutils import quoteattr

from PIL import Image
from PIL.PngImagePlugin import PngInfo

KEYWORD = "openbadges"
SVG_NAMESPACE = "http://openbadges.org"


class BakingError(ValueError):
    pass


def _json(assertion: dict) -> str:
    return json.dumps(assertion, ensure_ascii=False, separators=(",", ":"))


def bake_png(png: bytes, assertion: dict) -> bytes:
    try:
        image = Image.open(io.BytesIO(png))
        image.load()
    except (OSError, SyntaxError) as exc:
        raise BakingError(f"the badge image is not a readable PNG ({exc})") from None
    if image.format != "PNG":
        raise BakingError(f"the badge image is {image.format}, not PNG")
    info = PngInfo()
    info.add_itxt(KEYWORD, _json(assertion), zip=False)
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def png_assertion(png: bytes) -> dict | None:
    """The assertion baked into a PNG, or None."""
    image = Image.open(io.BytesIO(png))
    image.load()
    text = getattr(image, "text", {}).get(KEYWORD)
    return json.loads(text) if text else None


def bake_svg(svg: str, assertion: dict) -> str:
    match = re.search(r"<svg\b[^>]*>", svg)
    if match is None:
        raise BakingError("the badge image has no <svg> root element")
    root = match.group(0)
    if "xmlns:openbadges" not in root:
        root = root[:-1] + f' xmlns:openbadges="{SVG_NAMESPACE}">'
    payload = _json(assertion).replace("]]>", "]]]]><![CDATA[>")
    element = f"<openbadges:assertion verify={quoteattr(assertion['id'])}><![CDATA[{payload}]]></openbadges:assertion>"
    return svg[: match.start()] + root + element + svg[match.end() :]


def svg_assertion(svg: str) -> dict | None:
    match = re.search(r"<openbadges:assertion\b[^>]*><!\[CDATA\[(.*?)\]\]></openbadges:assertion>", svg, re.S)
    return json.loads(match.group(1).replace("]]]]><![CDATA[>", "]]>")) if match else None
