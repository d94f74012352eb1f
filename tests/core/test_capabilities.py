"""The one table of who may do what (core.capabilities), and that every entry point obeys it.

For every action capability: each role that lacks it is refused by the service (or the page, or the
API handler, whichever is the way in) AND is not shown its button, form or menu entry; each role that
holds it is accepted and shown it, so no check here can pass by refusing everyone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from ninja.errors import HttpError

from core.capabilities import UnknownCapability, all_capabilities, get, holders_q, user_can
from core.models import User
from core.registry import nav_items, nav_items_for, panels, panels_for
from core.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
ROLES = list(Role.values)


# ----------------------------------------------------------------------------- the table itself
def test_each_role_holds_exactly_the_capabilities_of_the_table(world):
    for cap in all_capabilities():
        for role in ROLES:
            assert world.user(role).can(cap.name) == (role in cap.roles), (cap.name, role)


def test_a_superuser_counts_as_an_administrator_once(world):
    boss = UserFactory(username="boss", role=Role.AGENT)
    # User.save derives the flag from the role, so only a raw write (a legacy row) makes this user
    User.objects.filter(pk=boss.pk).update(is_superuser=True)
    boss.refresh_from_db()
    for cap in all_capabilities():
        assert boss.can(cap.name) == (Role.ADMIN in cap.roles), cap.name
    assert set(User.objects.filter(holders_q("audit.read")).values_list("username", flat=True)) == {
        "admin",
        "boss",
        "compliance",
    }


def test_inactive_and_anonymous_users_hold_nothing(world):
    world.admin.is_active = False
    for cap in all_capabilities():
        assert not world.admin.can(cap.name)
        assert not user_can(AnonymousUser(), cap.name)


def test_an_unknown_capability_fails_loudly(world):
    from core.permissions import capability_required
    from core.registry import NavItem

    with pytest.raises(UnknownCapability):
        world.admin.can("incentives.run_aprove")
    with pytest.raises(UnknownCapability):
        capability_required("audit.reed")
    with pytest.raises(UnknownCapability):
        NavItem("x", "x", "home", "no.such")


def test_every_capability_has_a_description_and_roles():
    for cap in all_capabilities():
        assert str(cap.description) and cap.roles, cap.name
        assert re.fullmatch(r"[a-z]+\.[a-z_]+", cap.name), cap.name


# ----------------------------------------------------------------------------- one way: no role tests
APP_DIRS = ("core", "learning", "certification", "kpi", "incentives", "content", "config")
ROLE_TEST = re.compile(
    r"\.role\s*(==|!=|\bin\b|\bnot in\b)|role in \(|is_superuser\s+or|or\s+\S*is_superuser|role_required|"
    r"RoleRequiredMixin|_ROLES\b|_check_role|_require_editor"
)
# S1 owns which roles must enrol in MFA (core.mfa and its setting); core.capabilities is the table.
ALLOWED = {"core/capabilities.py", "core/mfa.py", "config/settings/base.py"}


def test_no_code_outside_the_table_compares_role_names():
    offenders = []
    for app in APP_DIRS:
        for path in (ROOT / app).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/" in rel or rel in ALLOWED or "/demo" in rel or rel.endswith("demo.py"):
                continue
            for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                if ROLE_TEST.search(line):
                    offenders.append(f"{rel}:{n}: {line.strip()}")
    assert offenders == []


def test_no_template_compares_role_names():
    pattern = re.compile(r'role\s+in\s+"|\.role\s*==|role\s*==\s*"|is_superuser|is_staff')
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in (ROOT / "templates").rglob("*.html")
        for n, line in enumerate(p.read_text("utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


# ----------------------------------------------------------------------------- menus and cards
def test_menu_entries_and_cards_follow_their_capability(world, client_for):
    for role in ROLES:
        user = world.user(role)
        body = client_for(user).get("/").content.decode()
        visible = {i.key for i in nav_items_for(user)}
        for item in nav_items():
            holds = item.capability is None or user.can(item.capability)
            assert (item.key in visible) == holds, (role, item.key)
            if item.url() and item.url() != "/":
                assert (f'href="{item.url()}"' in body) == holds or _shared_url(item, user), (role, item.key)
        shown = {p.key for p in panels_for(user)}
        for panel in panels():
            holds = (panel.capability is None or user.can(panel.capability)) and not (
                panel.unless and user.can(panel.unless)
            )
            assert (panel.key in shown) == holds, (role, panel.key)


def _shared_url(item, user) -> bool:
    """Another visible entry (or a card) links to the same page."""
    return any(other.url() == item.url() and other.key != item.key for other in nav_items_for(user))


# ----------------------------------------------------------------------------- every action capability
class _Rollback(Exception):
    pass


REFUSALS = (PermissionDenied, HttpError)


def _accepted(call) -> bool:
    """Run `call` in a savepoint that is always rolled back; True unless it was refused."""
    from certification.services import CertificationError
    from incentives.errors import IncentivesError

    try:
        with transaction.atomic():
            call()
            raise _Rollback
    except _Rollback:
        return True
    except (*REFUSALS, CertificationError, IncentivesError):
        return False


@dataclass
class Ctx:
    w: object
    client_for: Callable
    _cache: dict

    def once(self, key, build):
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def get(self, user, url) -> tuple[int, str]:
        response = self.client_for(user).get(url)
        return response.status_code, response.content.decode() if response.status_code == 200 else ""

    def page_has(self, user, url, marker) -> bool:
        status, body = self.get(user, url)
        return status == 200 and marker in body

    def home_links(self, user, url_name) -> bool:
        return self.page_has(user, "/", f'href="{reverse(url_name)}"')

    # --- incentives staging (one run of the test period, taken as far as the probe needs)
    def run(self, status):
        from incentives.models import RunStatus
        from incentives.services import (
            payout_run_approve_final,
            payout_run_approve_team,
            payout_run_compute,
            payout_run_lock,
            payout_run_submit,
        )
        from tests.incentives.factories import PERIOD

        def build():
            w = self.w
            run = payout_run_compute(period=PERIOD, actor=w.analyst)
            order = [RunStatus.DRAFT, RunStatus.SUBMITTED, RunStatus.TEAMS_APPROVED, RunStatus.APPROVED]
            if status in order[1:] or status == RunStatus.LOCKED:
                payout_run_submit(run=run, actor=w.analyst)
            if status in order[2:] or status == RunStatus.LOCKED:
                payout_run_approve_team(run=run, team=w.team_a, actor=w.manager)
                payout_run_approve_team(run=run, team=w.team_b, actor=w.team_b.managers.get())
            if status in order[3:] or status == RunStatus.LOCKED:
                hr2 = UserFactory(username="hr2", role=Role.HR)
                payout_run_approve_final(run=run, actor=hr2)
                if status == RunStatus.LOCKED:
                    payout_run_lock(run=run, actor=hr2)
            run.refresh_from_db()
            return run

        return self.once(("run", status), build)

    def run_page_has(self, user, status, marker) -> bool:
        return self.page_has(user, reverse("incentives:run_detail", args=[self.run(status).pk]), marker)

    def adjustment(self):
        from incentives.services import adjustment_create

        analyst2 = self.once("analyst2", lambda: UserFactory(username="analyst2", role=Role.ANALYST))
        return self.once(
            "adjustment",
            lambda: adjustment_create(
                actor=analyst2,
                run=self.run("draft"),
                employee=self.w.agent_employee,
                amount=D("10.00"),
                reason="correction",
                comment="Ajuste de prueba",
            ),
        )

    def dispute(self):
        from incentives.services import dispute_open

        run = self.run("draft")
        payout = run.payouts.get(employee=self.w.agent_employee)
        return self.once("dispute", lambda: dispute_open(actor=self.w.agent, payout=payout, message="Revisar"))

    def draft_version(self):
        from incentives.services import plan_version_create
        from tests.incentives.factories import simple_definition

        return self.once(
            "draft_version",
            lambda: plan_version_create(actor=self.w.analyst, definition=simple_definition(code="borrador")),
        )

    def certificate(self):
        return self.once("certificate", lambda: _certificate(self.w))


def _certificate(w):
    from tests.certification.factories import QuestionBankFactory, make_exam, make_questions
    from tests.certification.test_cert_certificates import pass_exam

    bank = QuestionBankFactory(code="banco-prueba", specialisation=w.specialisation)
    make_questions(bank, 6)
    exam = make_exam(specialisation=w.specialisation, bank=bank, count=4)
    return pass_exam(exam, w.agent_employee)  # no learning path of the specialisation: no prerequisite


def _api_feed_check(user) -> None:
    from kpi.api import _require_feed_upload

    request = RequestFactory().post("/api/v1/kpi-feeds")
    request.user = user
    _require_feed_upload(request)


def _question_bank_policy():
    from certification.models import QuestionBank
    from certification.wagtail_hooks import EditorPermissionPolicy

    return EditorPermissionPolicy(QuestionBank)


def _ok(status_and_body) -> bool:
    return status_and_body[0] == 200


# capability -> (the way in accepts this user?, is the button / form / menu entry shown?)
PROBES: dict[str, tuple[Callable, Callable]] = {
    "org.team_read": (
        lambda c, u: _ok(c.get(u, reverse("core:team_list"))),
        lambda c, u: c.home_links(u, "core:team_list"),
    ),
    "org.employee_manage": (
        lambda c, u: _accepted(
            lambda: _move(c, u),
        ),
        lambda c, u: c.page_has(
            u,
            reverse("core:employee_detail", args=["A0002"]),
            reverse("core:employee_move", args=["A0002"]),
        ),
    ),
    "org.user_manage": (
        lambda c, u: _ok(c.get(u, reverse("core:user_list"))),
        lambda c, u: c.home_links(u, "core:user_list"),
    ),
    "audit.read": (
        lambda c, u: (
            _ok(c.get(u, reverse("core:audit_list")))
            and c.client_for(u).get(reverse("core:audit_export")).status_code == 200
        ),
        lambda c, u: c.home_links(u, "core:audit_list"),
    ),
    "api.token_manage": (
        lambda c, u: _ok(c.get(u, reverse("core:api_tokens"))),
        lambda c, u: c.home_links(u, "core:api_tokens"),
    ),
    "integrations.webhooks_manage": (
        lambda c, u: _ok(c.get(u, reverse("core:webhook_list"))),
        lambda c, u: c.home_links(u, "core:webhook_list"),
    ),
    "cms.access": (
        lambda c, u: _cms_status(c, u) == 200,
        lambda c, u: c.page_has(u, "/", 'href="/cms/"'),
    ),
    "learning.matrix_read": (
        lambda c, u: _ok(c.get(u, reverse("learning:training_status"))),
        lambda c, u: c.home_links(u, "learning:training_status"),
    ),
    "learning.assign": (
        lambda c, u: _ok(c.get(u, reverse("learning:rule_list"))),
        lambda c, u: c.home_links(u, "learning:rule_list"),
    ),
    "certification.hr_read": (
        lambda c, u: _ok(c.get(u, reverse("certification:hr_matrix"))),
        lambda c, u: c.home_links(u, "certification:hr_matrix"),
    ),
    "certification.certificate_revoke": (
        lambda c, u: _accepted(lambda: _cert_service(c, u, "revoke")),
        lambda c, u: c.page_has(
            u, reverse("certification:hr_certificate", args=[c.certificate().pk]), 'value="revoke"'
        ),
    ),
    "certification.certificate_reissue": (
        lambda c, u: _accepted(lambda: _cert_service(c, u, "reissue")),
        lambda c, u: c.page_has(
            u, reverse("certification:hr_certificate", args=[c.certificate().pk]), 'value="reissue"'
        ),
    ),
    "certification.question_bank_edit": (
        lambda c, u: (
            _question_bank_policy().user_has_permission(u, "add")
            and u in _question_bank_policy().users_with_permission("add")
        ),
        # Wagtail builds the CMS menu entry from the same policy
        lambda c, u: _question_bank_policy().user_has_any_permission(u, ["add", "change", "delete"]),
    ),
    "kpi.team_read": (
        lambda c, u: _ok(c.get(u, reverse("kpi:team_kpis"))),
        lambda c, u: c.home_links(u, "kpi:team_kpis"),
    ),
    "kpi.feed_upload": (
        lambda c, u: _ok(c.get(u, reverse("kpi:import_list"))) and _accepted(lambda: _api_feed_check(u)),
        lambda c, u: c.home_links(u, "kpi:import_list"),
    ),
    "compliance.breach_read": (
        lambda c, u: _ok(c.get(u, reverse("compliance:breach_list"))),
        lambda c, u: c.home_links(u, "compliance:breach_list"),
    ),
    "compliance.contacts_upload": (
        lambda c, u: _ok(c.get(u, reverse("compliance:import_new"))),
        lambda c, u: c.page_has(u, reverse("compliance:breach_list"), f'href="{reverse("compliance:import_list")}"'),
    ),
    "compliance.rules_edit": (
        lambda c, u: _ok(c.get(u, reverse("compliance:ruleset_new", args=["CO"]))),
        lambda c, u: c.page_has(
            u, reverse("compliance:ruleset_list"), f'href="{reverse("compliance:ruleset_new", args=["CO"])}"'
        ),
    ),
    "incentives.run_read": (
        lambda c, u: _ok(c.get(u, reverse("incentives:run_list"))),
        lambda c, u: c.home_links(u, "incentives:run_list"),
    ),
    "incentives.run_compute": (
        lambda c, u: _accepted(lambda: _incentives("payout_run_request")(period=c.run("draft").period, actor=u)),
        lambda c, u: c.page_has(u, reverse("incentives:run_list"), reverse("incentives:run_request")),
    ),
    "incentives.run_submit": (
        lambda c, u: _accepted(lambda: _incentives("payout_run_submit")(run=c.run("draft"), actor=u)),
        lambda c, u: c.run_page_has(u, "draft", reverse("incentives:run_confirm", args=[c.run("draft").pk, "submit"])),
    ),
    "incentives.run_approve_team": (
        lambda c, u: _accepted(
            lambda: _incentives("payout_run_approve_team")(run=c.run("submitted"), team=c.w.team_a, actor=u)
        ),
        lambda c, u: c.run_page_has(u, "submitted", f'name="team" value="{c.w.team_a.pk}"'),
    ),
    "incentives.run_final_approve": (
        lambda c, u: _accepted(lambda: _incentives("payout_run_approve_final")(run=c.run("teams_approved"), actor=u)),
        lambda c, u: c.run_page_has(
            u,
            "teams_approved",
            reverse("incentives:run_confirm", args=[c.run("teams_approved").pk, "approve_final"]),
        ),
    ),
    "incentives.run_lock": (
        lambda c, u: _accepted(lambda: _incentives("payout_run_lock")(run=c.run("approved"), actor=u)),
        lambda c, u: c.run_page_has(
            u, "approved", reverse("incentives:run_transition", args=[c.run("approved").pk, "lock"])
        ),
    ),
    "incentives.payroll_export": (
        lambda c, u: _accepted(lambda: _payroll_export(c, u)),
        lambda c, u: c.run_page_has(u, "locked", reverse("incentives:run_export", args=[c.run("locked").pk])),
    ),
    "incentives.adjustment_create": (
        lambda c, u: _accepted(
            lambda: _incentives("adjustment_create")(
                actor=u,
                run=c.run("draft"),
                employee=c.w.teammate_employee,
                amount=D("5.00"),
                reason="correction",
                comment="x",
            )
        ),
        lambda c, u: c.run_page_has(u, "draft", reverse("incentives:adjustment_create", args=[c.run("draft").pk])),
    ),
    "incentives.adjustment_decide": (
        lambda c, u: _accepted(
            lambda: _incentives("adjustment_decide")(actor=u, adjustment=c.adjustment(), approve=True)
        ),
        lambda c, u: c.run_page_has(
            u, "draft", reverse("incentives:adjustment_decide", args=[c.adjustment().pk, "approve"])
        ),
    ),
    "incentives.dispute_resolve": (
        lambda c, u: _accepted(
            lambda: _incentives("dispute_resolve")(actor=u, dispute=c.dispute(), accept=False, resolution="No")
        ),
        lambda c, u: c.page_has(
            u, reverse("incentives:dispute_list"), reverse("incentives:dispute_resolve", args=[c.dispute().pk])
        ),
    ),
    "incentives.plan_read": (
        lambda c, u: _ok(c.get(u, reverse("incentives:plan_list"))),
        lambda c, u: c.home_links(u, "incentives:plan_list"),
    ),
    "incentives.plan_edit": (
        lambda c, u: _accepted(lambda: _new_plan(u)),
        lambda c, u: c.page_has(
            u,
            reverse("incentives:plan_detail", args=[c.draft_version().plan.code]),
            reverse("incentives:plan_version_new", args=[c.draft_version().plan.code]),
        ),
    ),
    "incentives.plan_publish": (
        lambda c, u: _accepted(lambda: _incentives("plan_version_publish")(actor=u, version=c.draft_version())),
        lambda c, u: c.page_has(
            u,
            reverse("incentives:plan_detail", args=[c.draft_version().plan.code]),
            reverse("incentives:plan_version_publish", args=[c.draft_version().pk]),
        ),
    ),
    "incentives.targets_import": (
        lambda c, u: _accepted(
            lambda: _incentives("targets_import_csv")(
                actor=u, text="periodo,codigo,empleado,valor\n2026-10,meta_recuperacion,A0001,8000\n"
            )
        ),
        lambda c, u: c.page_has(u, reverse("incentives:plan_list"), reverse("incentives:targets_upload")),
    ),
}


def _cms_status(c, user) -> int:
    from core.services import user_set_role

    user_set_role(actor=None, user=user, role=user.role)  # what a role change grants (CMS group, staff flag)
    return c.client_for(user).get("/cms/").status_code


def _incentives(name):
    from incentives import services

    return getattr(services, name)


def _payroll_export(c, user):
    from incentives.exports import payroll_export

    payroll_export(actor=user, run=c.run("locked"))


def _new_plan(user):
    from incentives.services import plan_version_create
    from tests.incentives.factories import simple_definition

    plan_version_create(actor=user, definition=simple_definition(code="nuevo"))


def _move(c, user):
    from core.services import team_membership_move

    try:
        team_membership_move(actor=user, employee=c.w.teammate_employee, team=c.w.team_b, start=dt.date.today())
    except ValidationError:
        pass  # past the permission: a data rule, not a refusal


def _cert_service(c, user, action):
    from certification import services

    cert = c.certificate()
    if action == "revoke":
        services.certificate_revoke(certificate=cert, reason="Prueba", actor=user)
    else:
        services.certificate_reissue(certificate=cert, reason="Prueba", actor=user)


def test_every_action_capability_has_a_probe():
    actions = {c.name for c in all_capabilities() if c.kind == "action"}
    assert set(PROBES) == actions


@pytest.fixture
def probe_world(world):
    """The shared world with a published plan on teams A and B and facts (as tests/incentives' bonus_world)."""
    from tests.incentives.factories import facts, published_plan

    published_plan(world.analyst, teams=(world.team_a, world.team_b))
    for employee in (world.agent_employee, world.teammate_employee, world.outsider_employee):
        facts(employee, 10)
    return world


@pytest.mark.parametrize("name", sorted(PROBES))
def test_only_holders_get_through_and_see_the_button(probe_world, client_for, name):
    bonus_world = probe_world
    ctx = Ctx(bonus_world, client_for, {})
    accepted, shown = PROBES[name]
    cap = get(name)
    for role in ROLES:
        user = bonus_world.user(role)
        holds = role in cap.roles
        # shown first: it builds what the probe needs outside the savepoint that `accepted` rolls back
        assert shown(ctx, user) == holds, f"{name}: {role} {'not shown' if holds else 'shown'} the way in"
        assert accepted(ctx, user) == holds, f"{name}: {role} {'refused' if holds else 'accepted'}"
