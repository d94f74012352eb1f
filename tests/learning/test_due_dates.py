"""Due dates and recurrence arithmetic (no database)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.dates import add_months
from learning.models import AssignmentRule, DueKind

days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


@given(hire=days, assigned=days, n=st.integers(min_value=1, max_value=365))
def test_a_due_date_after_hire_is_never_before_the_assignment(hire, assigned, n):
    rule = AssignmentRule(due_kind=DueKind.AFTER_HIRE, due_days=n)
    due = rule.due_for(hire_date=hire, assigned_on=assigned)
    assert due >= assigned
    if hire + dt.timedelta(days=n) >= assigned:
        assert due == hire + dt.timedelta(days=n)


@given(assigned=days, n=st.integers(min_value=1, max_value=365))
def test_a_due_date_after_assignment_adds_the_days(assigned, n):
    rule = AssignmentRule(due_kind=DueKind.AFTER_ASSIGNMENT, due_days=n)
    assert rule.due_for(hire_date=dt.date(2000, 1, 1), assigned_on=assigned) == assigned + dt.timedelta(days=n)


def test_a_fixed_due_date_is_the_date():
    rule = AssignmentRule(due_kind=DueKind.FIXED, due_date=dt.date(2025, 6, 30))
    assert rule.due_for(hire_date=dt.date(2024, 1, 1), assigned_on=dt.date(2025, 1, 1)) == dt.date(2025, 6, 30)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2025, 3, 10), 12, dt.date(2026, 3, 10)),
        (dt.date(2025, 11, 30), 3, dt.date(2026, 2, 28)),
        (dt.date(2026, 3, 31), -1, dt.date(2026, 2, 28)),
        (dt.date(2026, 1, 15), -13, dt.date(2024, 12, 15)),
    ],
)
def test_adding_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


@given(day=days, months=st.integers(min_value=1, max_value=36))
def test_adding_months_moves_forward_by_about_that_many_months(day, months):
    later = add_months(day, months)
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day <= day.day
