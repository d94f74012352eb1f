"""The request being served, for code that records who did something (the audit trail)."""

from contextvars import ContextVar

_request: ContextVar = ContextVar("acredita_request", default=None)


def current_request():
    return _request.get()


def set_current_request(request):
    return _request.set(request)


def reset_current_request(token) -> None:
    _request.reset(token)
