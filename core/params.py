"""Typed readers for query parameters and form fields.

A view that needs one value from ``request.GET`` or ``request.POST`` reads it through one of these
instead of passing the raw string on: a value that does not parse becomes a 400 page naming the
parameter (``InvalidParameter`` is a ``BadRequest``, which Django turns into ``handler400``), never a
500 from deep inside the ORM or a header.

    run_id = int_param(request, "run")                    # None when absent or empty
    team_id = int_param(request, "team", source="POST", required=True)
    month = str_param(request, "mes", max_length=7)
"""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

# The largest primary key a PostgreSQL bigint column holds: anything above it is not an id.
MAX_ID = 2**63 - 1
# No query parameter the portal reads is longer than this (search boxes, codes, months).
DEFAULT_MAX_LENGTH = 200


class InvalidParameter(BadRequest):
    """A query parameter or form field that does not parse; the 400 page shows the message."""

    def __init__(self, name: str, message: str):
        self.name = name
        self.message = message
        super().__init__(f"{name}: {message}")


def _data(request, source: str):
    if source == "GET":
        return request.GET
    if source == "POST":
        return request.POST
    raise ValueError(f"source must be GET or POST, not {source!r}")


def has_control_characters(value: str) -> bool:
    """NUL, CR, LF and the other C0 controls except tab: never valid in a one-line parameter."""
    return any(ord(char) < 32 and char != "\t" for char in value)


def str_param(
    request,
    name: str,
    *,
    default: str = "",
    source: str = "GET",
    max_length: int = DEFAULT_MAX_LENGTH,
    required: bool = False,
) -> str:
    """A one-line text value, stripped; control characters and overlong values are refused."""
    raw = _data(request, source).get(name)
    value = (raw or "").strip()
    if not value:
        if required:
            raise InvalidParameter(name, _("This value is required."))
        return default
    if has_control_characters(value):
        raise InvalidParameter(name, _("The value contains control characters."))
    if len(value) > max_length:
        raise InvalidParameter(name, _("The value is longer than %(max)d characters.") % {"max": max_length})
    return value


def int_param(
    request,
    name: str,
    *,
    default: int | None = None,
    source: str = "GET",
    required: bool = False,
    minimum: int | None = None,
    maximum: int = MAX_ID,
) -> int | None:
    """A whole number (an id, a count of days); absent or empty gives ``default``."""
    raw = str_param(request, name, source=source, max_length=20, required=required)
    if not raw:
        return default
    try:
        number = int(raw)
    except ValueError:
        raise InvalidParameter(name, _("Expected a whole number.")) from None
    if minimum is not None and number < minimum:
        raise InvalidParameter(name, _("Expected a number of at least %(min)d.") % {"min": minimum})
    if number > maximum:
        raise InvalidParameter(name, _("Expected a number of at most %(max)d.") % {"max": maximum})
    return number


def id_param(request, name: str, *, source: str = "GET", required: bool = False) -> int | None:
    """A primary key: a positive whole number a bigint column can hold."""
    return int_param(request, name, source=source, required=required, minimum=1)


def redirect_target(request, *, default: str, name: str = "next", source: str = "POST") -> str:
    """Where to send the user back to: the ``next`` value when it is a path on this site (it starts
    with ``/``), else ``default`` (a URL name or path). A URL to another host is never followed."""
    from django.shortcuts import resolve_url
    from django.utils.http import url_has_allowed_host_and_scheme

    target = (_data(request, source).get(name) or "").strip()
    if (
        target.startswith("/")
        and not has_control_characters(target)
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return resolve_url(default)
