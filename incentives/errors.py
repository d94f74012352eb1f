"""Errors of the incentives services: a machine code and params (`core.errors.ServiceError`);
`messages.py` words them."""

from __future__ import annotations

from core.errors import ServiceError
from incentives.messages import ERROR_MESSAGES


class IncentivesError(ServiceError):
    messages = ERROR_MESSAGES


class TransitionDenied(IncentivesError):
    """The actor may not perform this transition (maker = checker, own pay, scope, role)."""
