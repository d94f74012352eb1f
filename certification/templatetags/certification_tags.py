import re

import nh3
from django import template
from django.utils.html import escape, linebreaks, strip_tags
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

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


_MARKDOWN = MarkdownIt("commonmark")
#: images, links and audio (a Moodle question's embedded files, stored as Wagtail images and documents)
_BLOCK_IMG = {
    "img": {"src", "alt", "width", "height"},
    "a": {"href"},
    "audio": {"src", "controls"},
    "source": {"src", "type"},
}
_NEWLINE = re.compile(r"\r\n|\r|\n")


def _sanitise(html: str) -> str:
    return nh3.clean(html, tags=_ALLOWED | set(_BLOCK_IMG), attributes=_BLOCK_IMG, url_schemes={"https", "http"})


@register.filter
def question_text(text: str, fmt: str = "plain"):
    """Question text for display, as Moodle shows each text format: ``html`` sanitised;
    ``moodle`` (GIFT's default, Moodle's own format) HTML allowed and sanitised, each new line
    a line break; ``markdown`` rendered by markdown-it (CommonMark) then sanitised; ``plain``
    (and anything else) escaped."""
    text = text or ""
    if fmt == "html":
        return mark_safe(_sanitise(text))  # noqa: S308
    if fmt == "moodle":
        return mark_safe(f"<p>{_sanitise(_NEWLINE.sub('<br>', text.strip()))}</p>")  # noqa: S308
    if fmt == "markdown":
        return mark_safe(_sanitise(_MARKDOWN.render(text)))  # noqa: S308
    return mark_safe(linebreaks(escape(text)))  # noqa: S308


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


@register.filter
def clock(seconds) -> str:
    """Seconds left as the exam's clock shows them, minutes and seconds ('29:00', '1:05:09' past an hour): the
    same text the page's script keeps counting down, so a page read without the script says the same."""
    seconds = max(0, int(seconds or 0))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
