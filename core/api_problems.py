"""The API's one error shape and one list shape.

Errors are RFC 9457 problem details (``application/problem+json``)::

    {"type": "/api/v1/problems/validation", "title": "Los datos enviados no son válidos",
     "status": 422, "detail": "…", "instance": "/api/v1/certificates?limit=0",
     "errors": [{"field": "limit", "code": "greater_than_equal", "message": "…"}]}

``type`` names the kind of problem (``PROBLEM_TITLES``), ``title`` says it in the reader's language,
``detail`` says what happened this time, ``instance`` is the request's path and query, and ``errors``
names every field (``field``) or row (``row``, with the ``field`` inside it) that is wrong. A problem
may carry extension members beside these (a rejected KPI feed keeps its ``import``).

    raise ApiProblem(409, "idempotency_conflict", detail=..., errors=[...])    from any handler
    response={200: Out, **problems(401, 403, 404, 422)}                          on an operation

``ProblemAPI`` (config/api.py) turns every error into this shape: ninja's own (401 from the auth
class, 422 for a parameter that does not validate, 400 for a body that does not parse), ``HttpError``,
``Http404``, Django's ``PermissionDenied`` and ``ValidationError``, and any body an operation
returns with a status of 400 or more; its OpenAPI document declares them as
``application/problem+json``.

Lists are pages (``page_schema``/``paginate``): ``{"items": [...], "total", "limit", "offset",
"next", "previous"}`` with ``limit``/``offset`` query parameters (``Pagination``).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model

from core.capabilities import user_can
from core.params import has_control_characters

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "/api/v1/problems/"

#: the kinds of problem the API answers with: code -> (status, title)
PROBLEM_TITLES: dict[str, tuple[int, Any]] = {
    "bad_request": (400, _("The request could not be read")),
    "unauthenticated": (401, _("A valid API token is needed")),
    "forbidden": (403, _("This token or its owner may not do this")),
    "not_found": (404, _("Not found")),
    "conflict": (409, _("The request conflicts with what is stored")),
    "idempotency_conflict": (409, _("This Idempotency-Key was used with another request")),
    "too_large": (413, _("The request is too large")),
    "validation": (422, _("The data sent is not valid")),
    "rejected": (422, _("Nothing was stored: the data has errors")),
    "too_many_requests": (429, _("Too many requests")),
    "server_error": (500, _("The server could not finish the request")),
}
_DEFAULT_CODE = {status: code for code, (status, _title) in reversed(PROBLEM_TITLES.items())}


class ProblemError(BaseModel):
    """One thing wrong: a field (``field``), a row of a batch (``row``, counted from 0, with its
    ``field``), or both; ``code`` for programs, ``message`` for people. Feeds add their own keys
    (``column``, ``value``, ``params``)."""

    model_config = ConfigDict(extra="allow")

    field: str | None = Field(None, description="the parameter or field, e.g. 'limit' or 'rows[3].email'")
    row: int | None = Field(None, description="the row of a batch (counted as the endpoint says)")
    code: str
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details. (pydantic's BaseModel, not ninja's Schema, which drops the
    extension members.)"""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="a URI naming the kind of problem")
    title: str = Field(description="the kind of problem, in words")
    status: int
    detail: str = Field(description="what went wrong this time")
    instance: str = Field(description="the request's path and query")
    errors: list[ProblemError] = Field(default_factory=list)


def problems(*statuses: int) -> dict[int, type[Problem]]:
    """``response={200: Out, **problems(401, 404)}``."""
    return dict.fromkeys(statuses, Problem)


class ApiProblem(HttpError):
    """Raise from a handler: answered as a problem with ``errors`` and any extension members."""

    def __init__(
        self,
        status: int,
        code: str | None = None,
        *,
        detail: str = "",
        errors: list[dict[str, Any]] | None = None,
        **extensions: Any,
    ):
        self.code = code or _DEFAULT_CODE.get(status, "bad_request")
        self.errors = errors or []
        self.extensions = extensions
        super().__init__(status, detail or str(PROBLEM_TITLES.get(self.code, (status, ""))[1]))


def problem_body(
    request: HttpRequest,
    status: int,
    code: str | None = None,
    *,
    detail: str = "",
    errors: list[dict[str, Any]] | None = None,
    **extensions: Any,
) -> dict[str, Any]:
    code = code or _DEFAULT_CODE.get(status, "bad_request")
    title = PROBLEM_TITLES.get(code, (status, _("Error")))[1]
    return {
        **extensions,
        "type": PROBLEM_BASE + code,
        "title": str(title),
        "status": status,
        "detail": str(detail or title),
        "instance": request.get_full_path(),
        "errors": [_error(e) for e in errors or []],
    }


def _error(error: dict[str, Any]) -> dict[str, Any]:
    out = {"field": None, "row": None, **error}
    out["code"] = str(out.get("code") or "invalid")
    out["message"] = str(out.get("message") or out["code"])
    return out


def _loc_field(loc) -> tuple[str | None, int | None]:
    """ninja's ``loc`` (``("query", "limit")``, ``("body", "payload", "rows", 3, "email")``) as a
    field name and, inside a list of rows, the row."""
    parts = [p for p in loc[1:] if p not in ("payload", "body")] if loc else []
    row = None
    if "rows" in parts:
        at = parts.index("rows")
        if at + 1 < len(parts) and isinstance(parts[at + 1], int):
            row = parts[at + 1]
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return (name or (str(loc[0]) if loc else None)), row


def validation_errors(exc: ValidationError) -> list[dict[str, Any]]:
    out = []
    for error in exc.errors:
        field, row = _loc_field(error.get("loc") or ())
        out.append({"field": field, "row": row, "code": str(error.get("type") or "invalid"), "message": error["msg"]})
    return out


def _django_validation_errors(exc: DjangoValidationError) -> list[dict[str, Any]]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": field, "code": e.code or "invalid", "message": " ".join(e.messages)}
            for field, errors in exc.error_dict.items()
            for e in errors
        ]
    return [{"code": e.code or "invalid", "message": " ".join(e.messages)} for e in exc.error_list]


class ProblemAPI(NinjaAPI):
    """NinjaAPI whose every error is a problem (see the module docstring)."""

    def set_default_exception_handlers(self) -> None:
        super().set_default_exception_handlers()
        self.add_exception_handler(ValidationError, self._on_validation)
        self.add_exception_handler(HttpError, self._on_http_error)
        self.add_exception_handler(Http404, self._on_404)
        self.add_exception_handler(PermissionDenied, self._on_permission_denied)
        self.add_exception_handler(DjangoValidationError, self._on_django_validation)

    def problem(self, request: HttpRequest, status: int, code: str | None = None, **kwargs: Any) -> HttpResponse:
        response = self.create_response(request, problem_body(request, status, code, **kwargs), status=status)
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="acredita"'
        return response

    def _on_validation(self, request, exc: ValidationError) -> HttpResponse:
        errors = validation_errors(exc)
        named = ", ".join(sorted({e["field"] for e in errors if e["field"]}))
        detail = _("These values are not valid: %(fields)s.") % {"fields": named} if named else ""
        return self.problem(request, 422, "validation", detail=detail, errors=errors)

    def _on_http_error(self, request, exc: HttpError) -> HttpResponse:
        if isinstance(exc, ApiProblem):
            return self.problem(
                request, exc.status_code, exc.code, detail=exc.message, errors=exc.errors, **exc.extensions
            )
        if isinstance(exc, AuthenticationError):
            return self.problem(request, 401, "unauthenticated", detail=_("Send 'Authorization: Bearer <token>'."))
        return self.problem(request, exc.status_code, detail=str(exc.message))

    def _on_404(self, request, exc) -> HttpResponse:
        return self.problem(request, 404, "not_found", detail=_("Nothing here, or not within your scope."))

    def _on_permission_denied(self, request, exc) -> HttpResponse:
        return self.problem(request, 403, "forbidden", detail=str(exc) or "")

    def _on_django_validation(self, request, exc: DjangoValidationError) -> HttpResponse:
        errors = _django_validation_errors(exc)
        return self.problem(request, 422, "validation", detail=" ".join(e["message"] for e in errors), errors=errors)

    def create_response(self, request, data, *, status=None, temporal_response=None) -> HttpResponse:
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        if response.status_code >= 400:
            response["Content-Type"] = f"{PROBLEM_CONTENT_TYPE}; charset=utf-8"
        return response

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in (operation.get("responses") or {}).items():
                    content = response.get("content") or {}
                    if str(status).isdigit() and int(status) >= 400 and "application/json" in content:
                        content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
        return schema


# --------------------------------------------------------------------------- pages
MAX_LIMIT = 500
DEFAULT_LIMIT = 50


class Pagination(Schema):
    """``?limit=&offset=``: at most 500 items a page (50 unless asked)."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="items per page (1–500)")
    offset: int = Field(0, ge=0, le=10_000_000, description="items to skip")


_PAGES: dict[str, type[Schema]] = {}


def page_schema(item: type[Schema], name: str | None = None) -> type[Schema]:
    """The page of ``item``s a list answers with."""
    name = name or f"{item.__name__.removesuffix('Out')}Page"
    if name not in _PAGES:
        _PAGES[name] = create_model(
            name,
            __base__=Schema,
            items=(list[item], ...),
            total=(int, Field(description="items matching the filters")),
            limit=(int, ...),
            offset=(int, ...),
            next=(str | None, Field(None, description="the next page's URL, or null on the last")),
            previous=(str | None, Field(None, description="the previous page's URL, or null on the first")),
        )
    return _PAGES[name]


def _page_url(request: HttpRequest, offset: int, limit: int) -> str:
    query = request.GET.copy()
    query["offset"], query["limit"] = str(offset), str(limit)
    return f"{request.path}?{urlencode(sorted(query.items()))}"


def paginate(request: HttpRequest, rows: QuerySet | list, page: Pagination, serialize) -> dict[str, Any]:
    """One page of ``rows`` (a QuerySet is counted and sliced in the database), each row through
    ``serialize``."""
    total = rows.count() if isinstance(rows, QuerySet) else len(rows)
    chunk = rows[page.offset : page.offset + page.limit]
    end = page.offset + page.limit
    return {
        "items": [serialize(row) for row in chunk],
        "total": total,
        "limit": page.limit,
        "offset": page.offset,
        "next": _page_url(request, end, page.limit) if end < total else None,
        "previous": _page_url(request, max(0, page.offset - page.limit), page.limit) if page.offset else None,
    }


def require_capability(user, capability: str) -> None:
    """403 (a problem naming the capability) when the token's owner lacks ``capability``
    (core.capabilities); which objects they see is object scope, answered with 404."""
    if not user_can(user, capability):
        raise ApiProblem(
            403,
            "forbidden",
            detail=_("Your role may not do this (capability %(name)s).") % {"name": capability},
        )


def unknown_value(field: str, value: str) -> ApiProblem:
    """A 422 naming a filter whose value names nothing (an unknown code)."""
    message = _("'%(value)s' is not a known %(field)s.") % {"value": value, "field": field}
    return ApiProblem(
        422, "validation", detail=message, errors=[{"field": field, "code": "unknown", "message": message}]
    )


def _one_line(value: str) -> str:
    if has_control_characters(value):
        raise ValueError("control characters (NUL, line breaks…) are not allowed here")
    return value


#: a text parameter or field without control characters (PostgreSQL refuses NUL in text)
Text = Annotated[str, AfterValidator(_one_line)]
