"""Reads of the compliance app; every list is inside the reader's scope (core.scoping)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certification.selectors import CertificateRef, campaign_clearance, certificates_valid_on
from core.models import Campaign, Employee
from core.registry import AssignmentConcern
from core.scoping import get_in_scope_or_404, scope_queryset

from .engine import PROPOSED_ID, check_proposed, lookback_days, next_allowed
from .engine import Attempt as EngineAttempt
from .engine import Breach as EngineBreach
from .engine.calendar import local
from .messages import breach_sentence
from .models import Breach, ContactAttempt, ContactImport, Country, DialSuspension, RuleCode, RuleSetVersion


def breaches_in_scope(
    *,
    user,
    country: str = "",
    code: str = "",
    first: dt.date | None = None,
    last: dt.date | None = None,
    include_advisory: bool = False,
) -> QuerySet[Breach]:
    qs = Breach.objects.select_related("employee", "ruleset", "attempt")
    qs = scope_queryset(qs, user, employee_field="employee")
    if not include_advisory:
        qs = qs.filter(advisory=False)
    if country:
        qs = qs.filter(country=country)
    if code:
        qs = qs.filter(code=code)
    if first:
        qs = qs.filter(local_day__gte=first)
    if last:
        qs = qs.filter(local_day__lte=last)
    return qs.order_by("-occurred_at", "-pk")


@dataclass(frozen=True)
class SummaryRow:
    country: str
    code: str
    severe: int
    minor: int
    total: int

    @property
    def country_label(self) -> str:
        return str(Country(self.country).label)

    @property
    def code_label(self) -> str:
        return str(RuleCode(self.code).label)


def breach_summary(qs: QuerySet[Breach]) -> list[SummaryRow]:
    rows = (
        qs.order_by()
        .values("country", "code")
        .annotate(
            total=Count("pk"),
            severe=Count("pk", filter=Q(severity="severe")),
            minor=Count("pk", filter=Q(severity="minor")),
        )
        .order_by("country", "code")
    )
    return [SummaryRow(r["country"], r["code"], r["severe"], r["minor"], r["total"]) for r in rows]


def breach_get_in_scope(*, user, pk: int) -> Breach:
    return get_in_scope_or_404(
        Breach.objects.select_related("employee", "ruleset", "attempt", "scan"), user, employee_field="employee", pk=pk
    )


def breach_text(breach: Breach) -> str:
    """The breach in plain words, e.g. "Llamada a las 07:12 del domingo … a una cuenta de Colombia: …"."""
    rule = breach.ruleset.rule(breach.rule_key)
    return breach_sentence(
        code=breach.code,
        country=breach.country,
        channel=breach.params.get("channel", ""),
        local_at=breach.attempt.local_time(),
        params=breach.params,
        source=rule.get("source", ""),
    )


def breach_evidence(breach: Breach) -> list[ContactAttempt]:
    return list(breach.evidence.select_related("employee", "campaign", "contact_import").order_by("occurred_at", "pk"))


def contact_imports_recent(*, limit: int = 50) -> QuerySet[ContactImport]:
    return ContactImport.objects.select_related("created_by")[:limit]


def ruleset_latest(*, country: str) -> RuleSetVersion | None:
    """The country's newest version (the one a new version is written from)."""
    return RuleSetVersion.objects.filter(country=country).order_by("-version").first()


def rulesets_current() -> list[RuleSetVersion]:
    return list(RuleSetVersion.objects.order_by("country", "-version"))


@dataclass(frozen=True)
class DialClearance:
    """Whether an agent may work a campaign on a day (the licence to dial) and why not."""

    employee: Employee
    certificate: CertificateRef | None
    certified: bool
    severe_breaches: int
    suspended: bool

    @property
    def cleared(self) -> bool:
        return self.certified and not self.suspended


def severe_breach_counts(*, employee_ids: list[int], day: dt.date) -> dict[int, int]:
    """Severe, enforced (not advisory) breaches per employee in the suspension window ending on ``day``."""
    first = day - dt.timedelta(days=settings.COMPLIANCE_SUSPEND_WINDOW_DAYS - 1)
    rows = (
        Breach.objects.filter(
            employee_id__in=employee_ids, advisory=False, severity="severe", local_day__gte=first, local_day__lte=day
        )
        .values("employee_id")
        .annotate(n=Count("pk"))
    )
    return {r["employee_id"]: r["n"] for r in rows}


def dial_clearance(*, user, campaign: Campaign, day: dt.date) -> list[DialClearance]:
    """The agents assigned to ``campaign`` on ``day`` (in the reader's scope): cleared when they hold a
    valid certificate in its specialisation (certification's clearance) and have no stored
    ``DialSuspension`` covering ``day`` (``COMPLIANCE_SUSPEND_AFTER_SEVERE`` severe breaches within
    ``COMPLIANCE_SUSPEND_WINDOW_DAYS``, kept by ``services.dial_suspensions_sync``)."""
    base = campaign_clearance(user=user, campaign=campaign, day=day)
    ids = [c.employee.pk for c in base]
    counts = severe_breach_counts(employee_ids=ids, day=day)
    # the stored, audited state (services.dial_suspensions_sync after each scan)
    suspended = set(
        DialSuspension.objects.filter(employee_id__in=ids, start__lte=day, end__gte=day).values_list(
            "employee_id", flat=True
        )
    )
    return [
        DialClearance(
            employee=c.employee,
            certificate=c.certificate,
            certified=c.cleared,
            severe_breaches=counts.get(c.employee.pk, 0),
            suspended=c.employee.pk in suspended,
        )
        for c in base
    ]


def assignment_concerns(
    *, employee: Employee, campaign: Campaign | None, start: dt.date, end: dt.date | None
) -> list[AssignmentConcern]:
    """Why ``employee`` is not cleared to dial for ``campaign`` from ``start``, in words: no valid
    certificate in the campaign's specialisation on ``start``, or a stored ``DialSuspension`` overlapping
    the assignment. Registered in ``core.registry`` by ``ComplianceConfig.ready()``, so every path that
    assigns (``core.services.campaign_assign``) gets it; ``COMPLIANCE_REFUSE_UNCLEARED_ASSIGNMENT``
    turns the warning into a refusal."""
    refuse = settings.COMPLIANCE_REFUSE_UNCLEARED_ASSIGNMENT
    concerns = []
    spec = campaign.required_specialisation if campaign is not None else None
    if spec is not None and employee.pk not in certificates_valid_on(
        agent_ids=[employee.pk], specialisation=spec, day=start
    ):
        concerns.append(
            AssignmentConcern(
                "not_certified",
                _(
                    "%(name)s holds no valid certificate in %(specialisation)s on %(day)s, which campaign %(campaign)s requires."
                )
                % {
                    "name": employee.full_name,
                    "specialisation": spec.name,
                    "day": date_format(start, "DATE_FORMAT"),
                    "campaign": campaign.name,
                },
                refuse=refuse,
            )
        )
    suspensions = DialSuspension.objects.filter(employee=employee, end__gte=start)
    if end is not None:
        suspensions = suspensions.filter(start__lte=end)
    for row in suspensions.order_by("start"):
        concerns.append(
            AssignmentConcern(
                "dial_suspended",
                ngettext(
                    "%(name)s's licence to dial is suspended from %(start)s to %(end)s (%(n)s severe breach of collection law).",
                    "%(name)s's licence to dial is suspended from %(start)s to %(end)s (%(n)s severe breaches of collection law).",
                    row.severe_breaches,
                )
                % {
                    "name": employee.full_name,
                    "start": date_format(row.start, "DATE_FORMAT"),
                    "end": date_format(row.end, "DATE_FORMAT"),
                    "n": row.severe_breaches,
                },
                refuse=refuse,
            )
        )
    return concerns


@dataclass(frozen=True)
class ContactCheck:
    """May this account be contacted now (``at``) through ``channel`` by this agent: the rules the
    attempt would break (engine breaches, with their sentence), the agent's licence concerns, and the
    next moment the attempt would break no enforced rule."""

    at: dt.datetime
    zone: str
    breaches: list[EngineBreach]
    sentences: list[str]
    licence: list[AssignmentConcern]
    next_allowed: dt.datetime | None

    @property
    def allowed(self) -> bool:
        return not self.licence and not any(not b.advisory for b in self.breaches)


def _rulesets_in_force() -> tuple[list, dict[int, RuleSetVersion]]:
    versions = {v.pk: v for v in RuleSetVersion.objects.all()}
    return [v.to_engine() for v in versions.values()], versions


def contact_check(
    *,
    account_hash: str,
    country: str,
    zone: str,
    channel: str,
    at: dt.datetime,
    employee: Employee | None = None,
    campaign: Campaign | None = None,
) -> ContactCheck:
    """The preventive check a dialer asks before each attempt, from the same rules as the scan and the
    account's stored history (``lookback_days`` back, read through the account index)."""
    rulesets, versions = _rulesets_in_force()
    low = at - dt.timedelta(days=lookback_days(rulesets))
    rows = ContactAttempt.objects.filter(
        country=country, account_hash=account_hash, occurred_at__gte=low, occurred_at__lte=at
    ).values_list("pk", "occurred_at", "zone", "country", "account_hash", "channel", "result", "employee_id")
    history = [EngineAttempt(*row) for row in rows]
    proposed = EngineAttempt(
        PROPOSED_ID, at, zone, country, account_hash, channel, "no_contesta", employee.pk if employee else 0
    )
    found = check_proposed(history, proposed, rulesets)
    sentences = []
    for b in found:
        version = versions.get(b.ruleset_ref)
        sentences.append(
            breach_sentence(
                code=b.code,
                country=b.country,
                channel=channel,
                local_at=b.local_at,
                params=b.params,
                source=version.rule(b.rule_key).get("source", "") if version else "",
            )
        )
    local_day = local(at, zone).date()
    licence = (
        assignment_concerns(employee=employee, campaign=campaign, start=local_day, end=local_day)
        if employee is not None
        else []
    )
    later = next_allowed(history, proposed, rulesets) if any(not b.advisory for b in found) else at
    return ContactCheck(at=at, zone=zone, breaches=found, sentences=sentences, licence=licence, next_allowed=later)


def breaches_by_week(*, user, first: dt.date, last: dt.date) -> dict[tuple[dt.date, str, str], int]:
    """Enforced breaches in scope whose local day falls in [first, last], counted per week (its
    Monday), severity and rule: ``{(monday, severity, code): n}``. One query whatever the number of
    agents."""
    rows = (
        breaches_in_scope(user=user, first=first, last=last)
        .order_by()
        .values_list("local_day", "severity", "code")
        .annotate(n=Count("pk"))
    )
    counts: dict[tuple[dt.date, str, str], int] = {}
    for day, severity, code, n in rows:
        key = (day - dt.timedelta(days=day.weekday()), severity, code)
        counts[key] = counts.get(key, 0) + n
    return counts


def dial_suspended_count(*, user, day: dt.date) -> int:
    """Agents in scope whose licence to dial is suspended on `day` (one query)."""
    qs = scope_queryset(DialSuspension.objects.all(), user, employee_field="employee")
    return qs.filter(start__lte=day, end__gte=day).values("employee_id").distinct().count()


def contact_import_counts(*, since: dt.datetime) -> dict[str, int]:
    """Contact logs uploaded since `since`, counted by status (one query)."""
    rows = ContactImport.objects.filter(created_at__gte=since).order_by().values_list("status").annotate(n=Count("pk"))
    return dict(rows)
