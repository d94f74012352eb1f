"""`{% load status %}{% status_badge "run" run.status run.get_status_display %}`: every status badge in the
portal, from the tone table the apps register (core.registry.register_badge_kind), in one template."""

from django import template

from core.registry import BADGE_SYMBOLS, badge_kind

register = template.Library()


@register.inclusion_tag("includes/status_badge.html")
def status_badge(kind: str, status, label=None) -> dict:
    """A badge for ``status`` of ``kind``; an empty status is a muted dash. ``label`` defaults to the
    words the kind registers for that status."""
    spec = badge_kind(kind)
    if status in (None, ""):
        return {"empty": True}
    key = str(status).lower() if isinstance(status, bool) else status
    tone = spec.tones.get(key, spec.default)
    if label is None:
        label = (spec.labels or {}).get(key, status)
    return {"tone": tone, "label": label, "symbol": BADGE_SYMBOLS.get(tone, "") if spec.symbols else ""}
