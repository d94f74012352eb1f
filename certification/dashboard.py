"""Dashboard cards of the certification app (a fixed, small number of queries each)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from certification import selectors


def agent_panel(request) -> dict | None:
    employee = request.user.employee_or_none
    if employee is None:
        return None
    today = timezone.localdate()
    certs = list(selectors.certificates_of_employee(employee=employee)[:5])
    return {"certificates": [(c, c.status_on(today)) for c in certs]}


def hr_panel(request) -> dict | None:
    today = timezone.localdate()
    expiring = selectors.certificates_expiring(user=request.user, today=today, within_days=30)
    return {"expiring_count": expiring.count(), "until": today + dt.timedelta(days=30)}
