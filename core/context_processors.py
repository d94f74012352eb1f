from django.conf import settings

from core.registry import nav_items_for
from core.selectors import demo_data_present


def portal(request):
    user = getattr(request, "user", None)
    return {
        "nav_items": nav_items_for(user) if user is not None else [],
        "mfa_enforced": settings.ACREDITA_REQUIRE_MFA,
        "demo_mode": demo_data_present() if user is not None and user.is_authenticated else False,
        "site_url": settings.SITE_URL,
    }
