"""E-mails of the licence to dial: the agent and their team's supervisors, each in their own language,
when a suspension starts (``suspended``), is extended (``extended``), is withdrawn (``cleared``) or
ends at its window end (``ended``, nightly).
Sent after the change commits (``tasks.dial_suspension_notify_task``); users without an e-mail are
skipped."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core.mail import send_templated_mail, user_language
from core.models import Employee, User


def _recipients(employee, day) -> list[User]:
    users = [employee.user] if employee.user_id else []
    users += list(
        User.objects.filter(
            supervised_teams__memberships__employee=employee, supervised_teams__memberships__start__lte=day
        ).distinct()
    )
    return users


def dial_suspension_notify(*, employee_id: int, kind: str, start: str, end: str, severe: int) -> int:
    employee = Employee.objects.select_related("user").get(pk=employee_id)
    sent, seen = 0, set()
    for user in _recipients(employee, timezone.localdate()):
        if not user.email or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        send_templated_mail(
            to=user.email,
            language=user_language(user),
            template="compliance/emails/dial_suspension",
            context={
                "recipient": user,
                "employee": employee,
                "kind": kind,
                "start": dt.date.fromisoformat(start),
                "end": dt.date.fromisoformat(end),
                "severe": severe,
                "is_agent": user.pk == employee.user_id,
            },
        )
        sent += 1
    return sent
