from django import template
from django.utils.html import escape, linebreaks
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
        import nh3

        return mark_safe(nh3.clean(text or "", tags=_ALLOWED, attributes={}))  # noqa: S308
    return mark_safe(linebreaks(escape(text or "")))  # noqa: S308
