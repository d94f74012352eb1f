"""Errors raised by the bonus plan engine.

Every error carries a machine ``code`` and ``params``; the Django layer turns the code into
translatable text. ``detail`` is plain English for developers only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PlanIssue:
    """One problem found while validating a plan version."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    path: str = ""
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params), "path": self.path}


class EngineError(Exception):
    """Base class: a machine code, parameters and an optional developer detail."""

    def __init__(self, code: str, params: dict[str, Any] | None = None, detail: str = "") -> None:
        self.code = code
        self.params = params or {}
        self.detail = detail
        super().__init__(f"{code}: {detail or self.params}")


class PlanInvalid(EngineError):
    """A plan version failed schema or semantic validation; ``issues`` lists every problem."""

    def __init__(self, issues: list[PlanIssue] | tuple[PlanIssue, ...]) -> None:
        self.issues = tuple(issues)
        codes = sorted({issue.code for issue in self.issues})
        super().__init__("plan_invalid", {"codes": codes}, "; ".join(i.detail or i.code for i in self.issues))
