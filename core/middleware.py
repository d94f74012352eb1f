from urllib.parse import urlencode

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.datastructures import MultiValueDictKeyError

from core import cms_input, cms_uploads
from core.errors import bad_request, page_not_found
from core.mfa import session_passed_mfa, user_has_mfa, user_must_use_mfa
from core.params import MAX_ID, InvalidParameter
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


class InputGuardMiddleware:
    """Two kinds of input no view can use are refused before any view runs.

    An id in the path beyond what a bigint column holds (``<int:pk>`` matches any run of digits)
    is a 404: no object has it, and the database would fail on it rather than find nothing.

    A NUL character never reaches the database: PostgreSQL refuses it in text and JSON columns
    (``DataError``), so a request carrying one in its path, query string, form fields, JSON body,
    cookies or headers gets the 400 page instead of a 500 wherever the value ends up.

    Multipart and JSON bodies are checked once the view is known, except for views that are
    CSRF-exempt (the API): their upload handlers and size limits must stay free to be set by the
    view, and the API's own validation names the row or field that carries a NUL (a KPI feed's JSON
    rows: ``nul_character`` with the item); forms refuse NUL themselves (Django's ``CharField``).

    Wagtail's own admin views (``/cms/``) read parameters the project does not parse in its views:
    ``core.cms_input`` types them (ids, page numbers, ``next``, path ids, the root page) before the
    view runs. Two exceptions mean malformed input wherever they come from and are answered as such:
    a required request field that is missing (``MultiValueDictKeyError``: 400) and a page number
    beyond the listing (``InvalidPage``: 404, as Django's ``ListView``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            return self._reject(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if any(
            isinstance(value, int) and not -MAX_ID <= value <= MAX_ID for value in (*view_args, *view_kwargs.values())
        ):
            raise Http404
        if request.method in ("POST", "PUT", "PATCH") and not getattr(view_func, "csrf_exempt", False):
            if request.content_type == "multipart/form-data" and _values_have_nul(request.POST.lists()):
                return self._reject(request)
            if _is_json(request.content_type) and _json_has_nul(request.body):
                return self._reject(request)
        if cms_input.is_wagtail_admin_view(request, view_func):
            cms_input.check_request(request, request.resolver_match)
            return cms_uploads.refused_upload_response(request, request.resolver_match)
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, MultiValueDictKeyError):
            from django.utils.translation import gettext

            name = str(exception.args[0]) if exception.args else ""
            return bad_request(request, InvalidParameter(name.strip("'"), gettext("This field is missing.")))
        if isinstance(exception, InvalidPage):
            return page_not_found(request, exception)
        if cms_input.dependency_input_error(request, exception):
            return bad_request(request)
        return None

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path_info or _values_have_nul(request.GET.lists()):
            return True
        if any("\x00" in key or "\x00" in value for key, value in request.COOKIES.items()):
            return True
        if any(key.startswith("HTTP_") and "\x00" in str(value) for key, value in request.META.items()):
            return True
        if request.method in ("POST", "PUT", "PATCH"):
            if request.content_type == "application/x-www-form-urlencoded":
                return _values_have_nul(request.POST.lists())
        return False

    @staticmethod
    def _reject(request):
        from django.utils.translation import gettext

        return bad_request(request, InvalidParameter("", gettext("The request contains a NUL character.")))


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or content_type.endswith("+json")


def _json_has_nul(body: bytes) -> bool:
    return b"\x00" in body or b"\\u0000" in body.lower()


def _values_have_nul(lists) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in lists)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's header (``CONTENT_SECURITY_POLICY``), with the CMS admin's allowances added on the
    admin's paths only: the portal's own pages get the strict policy."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(settings.CSP_CMS_ADMIN_PREFIX):
            parts.update = {**settings.CSP_CMS_ADMIN_ALLOWANCES, **(parts.update or {})}
        return parts
