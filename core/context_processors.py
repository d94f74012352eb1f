from django.conf import settings

from core.registry import nav_items_for


def portal(request):
    user = getattr(request, "user", None)
    return {
        "nav_items": nav_items_for(user) if user is not None else [],
        "mfa_enforced": settings.ACREDITA_REQUIRE_MFA,
        "site_url": settings.SITE_URL,
    }
