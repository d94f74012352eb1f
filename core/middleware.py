from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from core.mfa import session_passed_mfa, user_has_mfa, user_must_use_mfa
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


class MfaRequiredMiddleware:
    """A user with an authenticator must have passed it in this session (else: allauth's MFA
    reauthentication, then back); with REQUIRE_MFA on, the roles that must use MFA enrol first."""

    allowed_prefixes = ("/cuenta/", "/static/", "/media/", "/i18n/", "/verificar/", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(self.allowed_prefixes):
            if not session_passed_mfa(request):
                if user_has_mfa(user):
                    query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
                    return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
                if user_must_use_mfa(user):
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
