"""Errors of the incentives services: a machine code and params; `messages.py` words them."""

from __future__ import annotations

from typing import Any

from incentives.messages import error_message


class IncentivesError(Exception):
    def __init__(self, code: str, params: dict[str, Any] | None = None) -> None:
        self.code = code
        self.params = params or {}
        super().__init__(f"{code} {self.params}")

    @property
    def message(self) -> str:
        return error_message(self.code, self.params)


class TransitionDenied(IncentivesError):
    """The actor may not perform this transition (maker = checker, own pay, scope, role)."""
