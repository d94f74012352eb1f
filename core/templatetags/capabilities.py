"""`{% load capabilities %}{% if user|can:"incentives.run_submit" %}…{% endif %}`: the template side of
core.capabilities (never compare role names in a template)."""

from django import template

from core.capabilities import user_can

register = template.Library()


@register.filter
def can(user, capability: str) -> bool:
    return user_can(user, capability)
