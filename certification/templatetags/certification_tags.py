import re

import nh3
from django import template
from django.utils.html import escape, linebreaks, strip_tags
from django.utils.safestring import mark_safe

register = template.Library()

_ALLOWED = {
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ul",
    "ol",
    "li",
    "code",
    "pre",
    "blockquote",
    "span",
    "sub",
    "sup",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


@register.filter
def question_text(text: str, fmt: str = "plain"):
    """Question text for display: HTML is sanitised, other formats are escaped."""
    if fmt == "html":
        return mark_safe(nh3.clean(text or "", tags=_ALLOWED, attributes={}))  # noqa: S308
    return mark_safe(linebreaks(escape(text or "")))  # noqa: S308


_INLINE = {"b", "strong", "i", "em", "u", "code", "span", "sub", "sup", "br", "img"}
_IMG_ATTRIBUTES = {"img": {"src", "alt", "width", "height"}}
_PARAGRAPH_BREAK = re.compile(r"</p>\s*<p(?:\s[^>]*)?>", re.IGNORECASE)
_WRAPPING_P = re.compile(r"^\s*<p(?:\s[^>]*)?>(.*)</p>\s*$", re.DOTALL | re.IGNORECASE)


@register.filter
def answer_text(text: str):
    """An answer, feedback or matching item: Moodle stores these as HTML (every Moodle 4
    export wraps them in ``<p dir="ltr">``), so they render as sanitised inline HTML, the one
    wrapping paragraph removed; plain text shows as it is (``a < b`` stays visible)."""
    text = text or ""
    m = _WRAPPING_P.match(text)
    if m and "<p" not in m.group(1).lower():
        text = m.group(1)
    text = _PARAGRAPH_BREAK.sub("<br>", text)
    cleaned = nh3.clean(text, tags=_INLINE, attributes=_IMG_ATTRIBUTES, url_schemes={"https", "http"})
    return mark_safe(cleaned.strip())  # noqa: S308


@register.filter
def answer_plain(text: str) -> str:
    """An answer where no markup can show (an ``<option>``): its words only."""
    return " ".join(strip_tags(text or "").split())
