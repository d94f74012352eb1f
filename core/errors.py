"""Errors: the base of every refused action (a code and params, worded in one place), and the
error pages in the portal's design."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

from django.http import HttpResponseBadRequest, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.formats import date_format

from core.api_problems import PROBLEM_CONTENT_TYPE, problem_body
from core.params import InvalidParameter

# --- refused actions ---------------------------------------------------------------------------


class ServiceError(Exception):
    """A service refused an action. `code` is machine-readable, `params` fill its message.

    Each app subclasses it once with its catalogue (`messages`: code -> lazily translated text
    with ``%(name)s`` placeholders, in the app's ``messages.py``); views show ``exc.message``.
    ``ServiceError("code", {"a": 1})`` and ``ServiceError("code", a=1)`` are the same."""

    messages: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, code: str, params: Mapping[str, Any] | None = None, /, **kwargs: Any) -> None:
        self.code = code
        self.params = {**(params or {}), **kwargs}
        super().__init__(f"{code} {self.params}" if self.params else code)

    @property
    def message(self) -> str:
        return error_text(self.messages, self.code, self.params)


def _shown(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "SHORT_DATETIME_FORMAT")
    return value


def error_text(catalogue: Mapping[str, Any], code: str, params: Mapping[str, Any] | None = None) -> str:
    """The words for `code` in the active language: the one place codes become messages.
    An unknown code is shown as itself; a template whose placeholders do not fit is shown unfilled."""
    template = catalogue.get(code)
    return code if template is None else fill(template, params)


def fill(template: Any, params: Mapping[str, Any] | None = None) -> str:
    """A (lazily translated) ``%(name)s`` template with its params: dates in the reader's format,
    None as nothing."""
    text = str(template)
    try:
        return text % {key: _shown(value) for key, value in (params or {}).items()}
    except (KeyError, TypeError, ValueError):
        return text


# --- error pages -------------------------------------------------------------------------------


def bad_request(request, exception=None):
    """400: the message of an ``InvalidParameter`` is shown (it names the parameter); other
    ``BadRequest``/``SuspiciousOperation`` messages are not, they may carry internals."""
    message = exception.message if isinstance(exception, InvalidParameter) else ""
    parameter = exception.name if isinstance(exception, InvalidParameter) else ""
    if request.path.startswith("/api/"):
        errors = [{"field": parameter, "code": "invalid", "message": message}] if parameter or message else []
        return _api_problem(request, 400, detail=message, errors=errors)
    # Rendered without the request context: a request refused before the session and the user are
    # loaded (a NUL in a cookie) must not load them to draw the page.
    return HttpResponseBadRequest(loader.get_template("400.html").render({"message": message, "parameter": parameter}))


def _api_problem(request, status: int, **kwargs) -> JsonResponse:
    """An error Django answers for an API path (before or outside ninja): a problem, as ninja's."""
    return JsonResponse(
        problem_body(request, status, **kwargs), status=status, content_type=PROBLEM_CONTENT_TYPE + "; charset=utf-8"
    )


def permission_denied(request, exception=None):
    if request.path.startswith("/api/"):
        return _api_problem(request, 403)
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return _api_problem(request, 404)
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request context: nothing here may need the database.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
