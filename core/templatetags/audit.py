from django import template

from core.registry import audit_action_label

register = template.Library()


@register.filter
def audit_action(code: str) -> str:
    """An audit action in words, in the reader's language (the apps register them; core.registry)."""
    return audit_action_label(code)
