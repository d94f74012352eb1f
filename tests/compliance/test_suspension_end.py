"""The end of a suspension at its window end is announced nightly, once, audited, to the agent and
their supervisors, each in their own language."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine

from compliance.models import DialSuspension
from compliance.services import (
    compliance_scan,
    contact_import_create,
    contact_import_process,
    dial_suspensions_expire,
)
from core.models import AuditEvent

pytestmark = pytest.mark.django_db
HEADER = "fecha_hora,agente,cuenta,destino,canal,resultado,pais,estado\n"


@pytest.fixture
def suspension(world):
    return DialSuspension.objects.create(
        employee=world.agent_employee, start=dt.date(2026, 3, 8), end=dt.date(2026, 4, 6), severe_breaches=3
    )


def test_on_the_day_after_the_window_the_end_is_mailed_once_in_each_readers_language(
    world, suspension, django_capture_on_commit_callbacks, mailoutbox
):
    world.supervisor.language = "en"
    world.supervisor.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        assert dial_suspensions_expire(today=dt.date(2026, 4, 6)) == 0  # still its last day
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert dial_suspensions_expire(today=dt.date(2026, 4, 7)) == 1
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {world.agent.email, world.supervisor.email}
    agent_mail, supervisor_mail = by_address[world.agent.email], by_address[world.supervisor.email]
    assert agent_mail.subject.startswith("Fin de la suspensión de la habilitación para marcar")
    assert "ha terminado" in agent_mail.body
    assert supervisor_mail.subject.startswith("Licence to dial suspension ended")
    assert "has ended" in supervisor_mail.body
    event = AuditEvent.objects.get(action="dial_suspension.expire")
    assert event.after["end"] == "2026-04-06"
    with django_capture_on_commit_callbacks(execute=True):
        assert dial_suspensions_expire(today=dt.date(2026, 4, 8)) == 0  # the next night: nothing again
    assert len(mailoutbox) == 2 and AuditEvent.objects.filter(action="dial_suspension.expire").count() == 1


@time_machine.travel(dt.datetime(2026, 5, 2, 12, tzinfo=dt.UTC))
def test_a_suspension_already_over_when_a_late_file_reveals_it_is_not_announced_as_ending(world):
    calls = "".join(
        f"2026-03-{d:02d}T{15 + i % 2}:00:00+00:00,A0001,US-1,5551234,llamada,no_contesta,US,TX\n"
        for i, d in enumerate((2, 3, 3, 4, 5, 5, 6, 7, 7, 8))
    )
    imp = contact_import_create(uploaded=io.BytesIO((HEADER + calls).encode()), filename="tarde.csv")
    contact_import_process(import_id=imp.pk)
    compliance_scan(period=dt.date(2026, 3, 1), remedial=False)
    suspension = DialSuspension.objects.get()
    assert suspension.end < dt.date(2026, 5, 2) and suspension.ended_notified_at is not None
    assert dial_suspensions_expire(today=dt.date(2026, 5, 2)) == 0
