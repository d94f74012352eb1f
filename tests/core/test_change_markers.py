"""`rows_change_marker` changes with every write to a marked table, however it is written, on SQLite
(change tokens kept by triggers, core.changes) as on PostgreSQL (xmin): the stale-run cache is keyed on it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction

from core.changes import TRIGGER_PREFIX
from core.models import Leave, Team
from core.selectors import rows_change_marker

pytestmark = pytest.mark.django_db


def _leave(world, day: int) -> Leave:
    return Leave(employee=world.agent_employee, start=dt.date(2026, 10, day), end=dt.date(2026, 10, day))


def test_every_kind_of_write_changes_the_marker(world):
    seen = [rows_change_marker(Leave)]
    assert seen[0] is not None
    leave = _leave(world, 1)
    leave.save()
    seen.append(rows_change_marker(Leave))
    Leave.objects.bulk_create([_leave(world, 2), _leave(world, 3)])
    seen.append(rows_change_marker(Leave))
    Leave.objects.filter(pk=leave.pk).update(end=dt.date(2026, 10, 5))
    seen.append(rows_change_marker(Leave))
    with connection.cursor() as cursor:  # behind the ORM's back
        cursor.execute(f'UPDATE {Leave._meta.db_table} SET "end" = "start"')  # noqa: S608
    seen.append(rows_change_marker(Leave))
    Leave.objects.filter(pk=leave.pk).delete()
    seen.append(rows_change_marker(Leave))
    assert len(set(seen)) == len(seen), seen


def test_a_rolled_back_write_leaves_a_marker_that_no_later_write_reaches_again(world):
    """A cache keyed on what a rolled-back transaction saw must never be hit by later data."""
    before = rows_change_marker(Leave)
    with pytest.raises(RuntimeError), transaction.atomic():
        _leave(world, 1).save()
        inside = rows_change_marker(Leave)
        raise RuntimeError("rolled back")
    assert rows_change_marker(Leave) == before  # the data is as before, and so is its marker
    _leave(world, 2).save()
    after = rows_change_marker(Leave)
    assert after not in (before, inside)


def test_a_write_to_another_table_leaves_the_marker_alone(world):
    before = rows_change_marker(Leave)
    Team.objects.filter(pk=world.team_a.pk).update(name="Equipo A2")
    assert rows_change_marker(Leave) == before


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_on_sqlite_a_table_without_its_triggers_or_never_declared_has_no_marker(world):
    """No marker means no cache: never a marker that a write could leave unchanged."""
    assert rows_change_marker(Team) is None  # not declared with change_marked
    assert rows_change_marker(Leave) is not None
    with connection.cursor() as cursor:  # DDL is transactional on SQLite: the test's rollback restores it
        cursor.execute(f'DROP TRIGGER "{TRIGGER_PREFIX}{Leave._meta.db_table}_update"')
    assert rows_change_marker(Leave) is None
    assert rows_change_marker(Leave, Team) is None
