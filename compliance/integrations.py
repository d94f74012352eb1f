"""What compliance tells other systems, through the outbox (``core.outbox``), inside the services'
transactions: ``compliance.breach`` for each new enforced breach a scan stores (advisory [U] rules never),
``clearance.changed`` when a dial suspension starts, is extended, withdrawn or ends. Neither carries the
debtor's account or number (not even hashed)."""

from __future__ import annotations

from core.models import Employee
from core.outbox import Event, webhook_publish, webhooks_publish, webhooks_wanted


def breaches_found(*, breaches, ids) -> int:
    """``breaches``: the engine's new breaches as stored, ``ids`` their row ids (same order)."""
    if not webhooks_wanted("compliance.breach"):
        return 0
    pairs = [(pk, b) for pk, b in zip(ids, breaches, strict=True) if not b.advisory]
    codes = dict(Employee.objects.filter(pk__in={b.agent for _, b in pairs}).values_list("pk", "employee_code"))
    return webhooks_publish(
        Event(
            "compliance.breach",
            subject=f"employee:{codes.get(b.agent, b.agent)}",
            key=f"compliance.breach:{pk}",
            data={
                "breach_id": pk,
                "employee_code": codes.get(b.agent),
                "rule_key": b.rule_key,
                "code": b.code,
                "severity": b.severity,
                "country": b.country,
                "local_day": b.local_at.date().isoformat(),
            },
        )
        for pk, b in pairs
    )


def clearance_changed(*, suspension, change: str) -> None:
    """A dial suspension ``start``ed, was ``extend``ed, ``clear``ed or its window ended (``expire``)."""
    if not webhooks_wanted("clearance.changed"):
        return
    code = Employee.objects.filter(pk=suspension.employee_id).values_list("employee_code", flat=True).first()
    webhook_publish(
        "clearance.changed",
        subject=f"employee:{code}",
        data={
            "employee_code": code,
            "suspended": change in ("start", "extend"),
            "change": change,
            "suspension": {"start": suspension.start.isoformat(), "end": suspension.end.isoformat()},
        },
    )
