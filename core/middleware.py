from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from core.request_context import reset_current_request, set_current_request


class RequestContextMiddleware:
    """Makes the current request available to the audit trail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_current_request(request)
        try:
            return self.get_response(request)
        finally:
            reset_current_request(token)


def user_needs_mfa_enrolment(user) -> bool:
    if not (settings.ACREDITA_REQUIRE_MFA and user.is_authenticated):
        return False
    if not (user.is_superuser or user.role in settings.ACREDITA_MFA_ROLES):
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class MfaRequiredMiddleware:
    """With REQUIRE_MFA on, privileged roles must set up TOTP before using the portal."""

    allowed_prefixes = ("/cuenta/", "/static/", "/media/", "/i18n/", "/verificar/", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if user_needs_mfa_enrolment(request.user) and not request.path.startswith(self.allowed_prefixes):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class PortalLocaleMiddleware:
    """Spanish unless the person chose otherwise: the language switcher's cookie, then the user's saved
    preference, then LANGUAGE_CODE. The browser's Accept-Language is deliberately ignored, so a
    contact centre's shared machines with English browsers still show the Spanish portal."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        supported = {code for code, _name in settings.LANGUAGES}
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in supported:
            user = getattr(request, "user", None)
            language = getattr(user, "language", None) if user is not None and user.is_authenticated else None
        if language not in supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
