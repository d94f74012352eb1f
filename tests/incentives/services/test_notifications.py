"""Workflow e-mails: who is told what, once the transition has committed, in their language."""

from __future__ import annotations

import pytest
from django.core import mail

from incentives.services import (
    dispute_open,
    dispute_resolve,
    payout_run_approve_final,
    payout_run_approve_team,
    payout_run_compute,
    payout_run_reject,
    payout_run_submit,
)
from tests.incentives.factories import PERIOD

pytestmark = pytest.mark.django_db


def sent_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


@pytest.fixture
def computed(bonus_world):
    w = bonus_world
    w.manager_b = w.team_b.managers.get()
    for user in (w.manager, w.manager_b, w.hr, w.analyst, w.agent, w.teammate):
        user.email = f"{user.username}@acredita.test"
        user.save(update_fields=["email"])
    w.manager_b.language = "en"
    w.manager_b.save(update_fields=["language"])
    w.run = payout_run_compute(period=PERIOD, actor=w.analyst)
    return w


def test_submitting_tells_each_manager_which_of_their_teams_wait(computed, django_capture_on_commit_callbacks):
    w = computed
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        payout_run_submit(run=w.run, actor=w.analyst)

    (to_a,) = sent_to(w.manager.email)
    (to_b,) = sent_to(w.manager_b.email)
    assert "2026-10" in to_a.subject and "espera tu aprobación" in to_a.subject
    assert w.team_a.name in to_a.body and w.team_b.name not in to_a.body
    assert f"/incentivos/corridas/{w.run.pk}/" in to_a.body and to_a.alternatives[0][1] == "text/html"
    assert "waits for your approval" in to_b.subject and w.team_b.name in to_b.body  # in their own language
    assert not sent_to(w.hr.email) and not sent_to(w.analyst.email)


def test_nothing_is_sent_when_the_transition_rolls_back(computed, django_capture_on_commit_callbacks):
    w = computed
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        payout_run_submit(run=w.run, actor=w.analyst)
    assert len(callbacks) == 1 and mail.outbox == []  # queued for after the commit, not sent inside it


def test_hr_hears_when_every_team_is_approved_and_the_analyst_on_final_approval(
    computed, django_capture_on_commit_callbacks
):
    w = computed
    with django_capture_on_commit_callbacks(execute=True):
        payout_run_submit(run=w.run, actor=w.analyst)
        payout_run_approve_team(run=w.run, team=w.team_a, actor=w.manager)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        payout_run_approve_team(run=w.run, team=w.team_b, actor=w.manager_b)
    (to_hr,) = mail.outbox
    assert to_hr.to == [w.hr.email] and "aprobación final" in to_hr.subject

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        payout_run_approve_final(run=w.run, actor=w.hr)
    (to_analyst,) = sent_to(w.analyst.email)
    assert "aprobación final" in to_analyst.subject and "nómina" in to_analyst.body
    (to_agent,) = sent_to(w.agent.email)
    payout = w.run.payouts.get(employee=w.agent_employee)
    assert "estado de bono" in to_agent.subject.lower() and "$380.00 MXN" in to_agent.body
    assert f"/incentivos/estados/{w.run.pk}/" in to_agent.body
    assert payout.total == 380


def test_a_rejection_reaches_the_analyst_with_the_comment(computed, django_capture_on_commit_callbacks):
    w = computed
    with django_capture_on_commit_callbacks(execute=True):
        payout_run_submit(run=w.run, actor=w.analyst)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        payout_run_reject(run=w.run, actor=w.manager, comment="Faltan los días de Bogotá & el ajuste")

    (message,) = mail.outbox
    assert message.to == [w.analyst.email]
    assert "Faltan los días de Bogotá & el ajuste" in message.body  # the text part is not HTML-escaped
    assert "Faltan los días de Bogotá &amp; el ajuste" in message.alternatives[0][0]


def test_the_agent_hears_how_their_dispute_was_resolved(computed, django_capture_on_commit_callbacks):
    w = computed
    payout = w.run.payouts.get(employee=w.agent_employee)
    dispute = dispute_open(actor=w.agent, payout=payout, message="Me faltan promesas del día 3")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        dispute_resolve(actor=w.analyst, dispute=dispute, accept=False, resolution="El dialer registra 3 promesas")

    (message,) = mail.outbox
    assert message.to == [w.agent.email]
    assert "rechazada" in message.body and "El dialer registra 3 promesas" in message.body
