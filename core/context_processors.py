from django.conf import settings
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject

from core.registry import nav_items_for
from core.selectors import demo_data_present


def _main_nav(request, items):
    """The main navigation, rendered once per request: the header shows it twice (the phone's menu and
    the wide screen's bar), from this one string."""
    if not hasattr(request, "_portal_main_nav"):
        request._portal_main_nav = render_to_string("includes/nav.html", {"nav_items": items, "request": request})
    return request._portal_main_nav


def portal(request):
    user = getattr(request, "user", None)
    items = nav_items_for(user) if user is not None else []
    return {
        "nav_items": items,
        "main_nav": SimpleLazyObject(lambda: _main_nav(request, items)),
        "mfa_enforced": settings.ACREDITA_REQUIRE_MFA,
        "demo_mode": demo_data_present() if user is not None and user.is_authenticated else False,
        "site_url": settings.SITE_URL,
    }
