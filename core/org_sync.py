"""Keeping the organisation in sync with an HR system: bulk upserts of employees, teams, dated team
memberships, campaign assignments and leave (the API's ``/api/v1/org/…``, core.api).

Each takes every row of one request and is all or nothing: rows are checked against what is stored
(codes that name nothing, a termination before the hire, a row twice, overlapping memberships, an
assignment the compliance check refuses) and every problem is named by its row (from 0) and field;
with any problem ``OrgSyncRejected`` is raised and nothing is written. Rows are matched on their
natural keys (employee code; team code; employee + team + start; employee + campaign + start;
employee + kind + start), so sending the same rows again changes nothing. A batch that writes is
audited once, with the codes it created and updated. Campaign assignments go through
``core.services.campaign_assign``, so the registered assignment checks (the licence to dial) run.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.capabilities import user_can
from core.models import Campaign, CampaignAssignment, Company, Employee, Leave, Site, Team, TeamMembership, User
from core.services import campaign_assign

MAX_ROWS = 10_000
EMPLOYEE_FIELDS = ("first_name", "last_name", "email", "dialer_login", "hire_date", "termination_date", "site_id")


class OrgSyncRejected(Exception):
    """Nothing was written: ``errors`` names each problem (``row``, ``field``, ``code``, ``message``)."""

    def __init__(self, errors: list[dict[str, Any]]):
        self.errors = errors
        super().__init__(f"{len(errors)} errors")


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[dict[str, Any]] = field(default_factory=list)


class _Errors(list):
    def add(self, row: int, field_name: str | None, code: str, message: str) -> None:
        self.append({"row": row, "field": field_name, "code": code, "message": message})

    def raise_any(self) -> None:
        if self:
            raise OrgSyncRejected(sorted(self, key=lambda e: (e["row"], e["field"] or "")))


def _require(actor: User | None) -> None:
    if actor is not None and not user_can(actor, "org.employee_manage"):
        raise PermissionDenied(_("Your role may not change the organisation (capability org.employee_manage)."))


def _duplicates(rows: list[dict], key, errors: _Errors, field_name: str) -> None:
    seen: dict[Any, int] = {}
    for index, row in enumerate(rows):
        k = key(row)
        if k in seen:
            message = _("This row repeats row %(row)s.") % {"row": seen[k]}
            errors.add(index, field_name, "duplicate_row", message)
        else:
            seen[k] = index


def _lookup(model, codes: set[str], attr: str = "code") -> dict[str, Any]:
    return {getattr(o, attr): o for o in model.objects.filter(**{f"{attr}__in": codes})}


def _unknown(errors: _Errors, index: int, field_name: str, value: str) -> None:
    errors.add(index, field_name, "unknown", _("'%(value)s' names nothing stored.") % {"value": value})


def _employees(rows: list[dict], errors: _Errors) -> dict[str, Employee]:
    found = _lookup(Employee, {r["employee"] for r in rows}, "employee_code")
    for index, row in enumerate(rows):
        if row["employee"] not in found:
            _unknown(errors, index, "employee", row["employee"])
    return found


def _dates_ordered(rows: list[dict], errors: _Errors, start: str = "start", end: str = "end") -> None:
    for index, row in enumerate(rows):
        if row.get(end) is not None and row.get(start) is not None and row[end] < row[start]:
            errors.add(index, end, "end_before_start", _("The end date cannot be before the start date."))


def _audit(*, action: str, actor, result: UpsertResult, created: list[str], updated: list[str]) -> None:
    if created or updated:
        audit_record(
            action=action,
            actor=actor,
            summary=f"created={result.created} updated={result.updated} unchanged={result.unchanged}",
            after={"created": created, "updated": updated},
        )


# --------------------------------------------------------------------------- employees
@transaction.atomic
def org_employees_upsert(*, actor: User | None, rows: list[dict]) -> UpsertResult:
    """Rows: ``employee_code``, ``first_name``, ``last_name``, ``email``, ``dialer_login``,
    ``hire_date``, ``termination_date``, ``site`` (code). What a row leaves out is stored empty."""
    _require(actor)
    errors = _Errors()
    _duplicates(rows, lambda r: r["employee_code"], errors, "employee_code")
    _dates_ordered(rows, errors, "hire_date", "termination_date")
    sites = _lookup(Site, {r["site"] for r in rows if r.get("site")})
    existing = {
        e.employee_code: e
        for e in Employee.objects.select_for_update().filter(employee_code__in=[r["employee_code"] for r in rows])
    }
    companies = list(Company.objects.order_by("pk")[:2])
    for index, row in enumerate(rows):
        if row.get("site") and row["site"] not in sites:
            _unknown(errors, index, "site", row["site"])
        elif not row.get("site") and row["employee_code"] not in existing and len(companies) != 1:
            errors.add(index, "site", "site_needed", _("Name the employee's site (it says which company they are in)."))
    errors.raise_any()
    result, created, updated, new, changed = UpsertResult(), [], [], [], []
    for row in rows:
        site = sites.get(row.get("site") or "")
        values = {
            "first_name": row["first_name"],
            "last_name": row["last_name"],
            "email": row.get("email") or "",
            "dialer_login": row.get("dialer_login") or "",
            "hire_date": row["hire_date"],
            "termination_date": row.get("termination_date"),
            "site_id": site.pk if site else None,
        }
        employee = existing.get(row["employee_code"])
        if employee is None:
            company_id = site.company_id if site else companies[0].pk
            new.append(Employee(employee_code=row["employee_code"], company_id=company_id, **values))
            created.append(row["employee_code"])
        elif any(getattr(employee, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(employee, k, v)
            changed.append(employee)
            updated.append(row["employee_code"])
        else:
            result.unchanged += 1
    Employee.objects.bulk_create(new, batch_size=1000)
    Employee.objects.bulk_update(changed, EMPLOYEE_FIELDS, batch_size=1000)
    result.created, result.updated = len(new), len(changed)
    _audit(action="org.employees_upsert", actor=actor, result=result, created=created, updated=updated)
    return result


# --------------------------------------------------------------------------- teams
@transaction.atomic
def org_teams_upsert(*, actor: User | None, rows: list[dict]) -> UpsertResult:
    """Rows: ``code``, ``name``, ``site`` (code)."""
    _require(actor)
    errors = _Errors()
    _duplicates(rows, lambda r: r["code"], errors, "code")
    sites = _lookup(Site, {r["site"] for r in rows})
    for index, row in enumerate(rows):
        if row["site"] not in sites:
            _unknown(errors, index, "site", row["site"])
    errors.raise_any()
    existing = {t.code: t for t in Team.objects.select_for_update().filter(code__in=[r["code"] for r in rows])}
    result, created, updated, new, changed = UpsertResult(), [], [], [], []
    for row in rows:
        site = sites[row["site"]]
        team = existing.get(row["code"])
        if team is None:
            new.append(Team(code=row["code"], name=row["name"], site=site))
            created.append(row["code"])
        elif (team.name, team.site_id) != (row["name"], site.pk):
            team.name, team.site = row["name"], site
            changed.append(team)
            updated.append(row["code"])
        else:
            result.unchanged += 1
    Team.objects.bulk_create(new)
    Team.objects.bulk_update(changed, ["name", "site"])
    result.created, result.updated = len(new), len(changed)
    _audit(action="org.teams_upsert", actor=actor, result=result, created=created, updated=updated)
    return result


# --------------------------------------------------------------------------- dated links
def _overlaps(links: list, errors: _Errors, row_of: dict[int, int], field_name: str, message: str) -> None:
    """``links`` of one employee (and one campaign, for assignments), sorted by start: any two that
    share a day are an error on the row that wrote the later one (or the earlier, when only it came
    from the request)."""
    links = sorted(links, key=lambda link: link.start)
    for before, after in zip(links, links[1:], strict=False):
        if before.end is None or before.end >= after.start:
            row = row_of.get(id(after), row_of.get(id(before)))
            if row is not None:
                errors.add(row, field_name, "overlap", message)


@transaction.atomic
def org_memberships_upsert(*, actor: User | None, rows: list[dict]) -> UpsertResult:
    """Rows: ``employee``, ``team`` (codes), ``start``, ``end`` (empty: open). Matched on employee,
    team and start; a matched row sets the end. An employee is in one team at a time."""
    _require(actor)
    errors = _Errors()
    _duplicates(rows, lambda r: (r["employee"], r["team"], r["start"]), errors, "start")
    _dates_ordered(rows, errors)
    employees = _employees(rows, errors)
    teams = _lookup(Team, {r["team"] for r in rows})
    for index, row in enumerate(rows):
        if row["team"] not in teams:
            _unknown(errors, index, "team", row["team"])
    errors.raise_any()
    ids = sorted({e.pk for e in employees.values()})
    list(Employee.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    stored: dict[int, list[TeamMembership]] = defaultdict(list)
    for link in TeamMembership.objects.filter(employee_id__in=ids):
        stored[link.employee_id].append(link)
    result, created, updated, new, changed, row_of = UpsertResult(), [], [], [], [], {}
    for index, row in enumerate(rows):
        employee, team = employees[row["employee"]], teams[row["team"]]
        label = f"{row['employee']}:{row['team']}:{row['start']}"
        link = next((m for m in stored[employee.pk] if m.team_id == team.pk and m.start == row["start"]), None)
        if link is None:
            link = TeamMembership(employee=employee, team=team, start=row["start"], end=row.get("end"))
            stored[employee.pk].append(link)
            new.append(link)
            created.append(label)
        elif link.end != row.get("end"):
            link.end = row.get("end")
            changed.append(link)
            updated.append(label)
        else:
            result.unchanged += 1
        row_of[id(link)] = index
    message = _("The employee would be in two teams on the same day.")
    for links in stored.values():
        _overlaps(links, errors, row_of, "start", message)
    errors.raise_any()
    TeamMembership.objects.bulk_create(new, batch_size=1000)
    TeamMembership.objects.bulk_update(changed, ["end"], batch_size=1000)
    result.created, result.updated = len(new), len(changed)
    _audit(action="org.memberships_upsert", actor=actor, result=result, created=created, updated=updated)
    return result


@transaction.atomic
def org_campaign_assignments_upsert(*, actor: User | None, rows: list[dict]) -> UpsertResult:
    """Rows: ``employee``, ``campaign`` (codes), ``start``, ``end``. A new assignment goes through
    ``core.services.campaign_assign`` (its checks may refuse it: an error on that row; their
    warnings come back in ``warnings``); a matched one (employee, campaign, start) sets the end."""
    _require(actor)
    errors = _Errors()
    _duplicates(rows, lambda r: (r["employee"], r["campaign"], r["start"]), errors, "start")
    _dates_ordered(rows, errors)
    employees = _employees(rows, errors)
    campaigns = _lookup(Campaign, {r["campaign"] for r in rows})
    for index, row in enumerate(rows):
        if row["campaign"] not in campaigns:
            _unknown(errors, index, "campaign", row["campaign"])
    errors.raise_any()
    ids = sorted({e.pk for e in employees.values()})
    list(Employee.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    result, created, updated = UpsertResult(), [], []
    for index, row in enumerate(rows):
        employee, campaign = employees[row["employee"]], campaigns[row["campaign"]]
        label = f"{row['employee']}:{row['campaign']}:{row['start']}"
        link = CampaignAssignment.objects.filter(employee=employee, campaign=campaign, start=row["start"]).first()
        try:
            if link is None:
                assignment = campaign_assign(
                    actor=actor, employee=employee, campaign=campaign, start=row["start"], end=row.get("end")
                )
                result.warnings += [
                    {"row": index, "code": c.code, "message": str(c.message)} for c in assignment.concerns
                ]
                created.append(label)
            elif link.end != row.get("end"):
                others = employee.campaign_assignments.filter(campaign=campaign).exclude(pk=link.pk)
                if others.overlapping(link.start, row.get("end")).exists():
                    raise ValidationError(_("The employee already works this campaign on those dates."))
                link.end = row.get("end")
                link.save(update_fields=["end"])
                updated.append(label)
            else:
                result.unchanged += 1
        except ValidationError as exc:
            for message in exc.messages:
                errors.add(index, "campaign", "refused", message)
    errors.raise_any()
    result.created, result.updated = len(created), len(updated)
    _audit(action="org.campaign_assignments_upsert", actor=actor, result=result, created=created, updated=updated)
    return result


@transaction.atomic
def org_leave_upsert(*, actor: User | None, rows: list[dict]) -> UpsertResult:
    """Rows: ``employee`` (code), ``kind`` (vacation, sick, unpaid, other), ``start``, ``end``,
    ``note``. Matched on employee, kind and start; a matched row sets the end and the note."""
    _require(actor)
    errors = _Errors()
    _duplicates(rows, lambda r: (r["employee"], r["kind"], r["start"]), errors, "start")
    _dates_ordered(rows, errors)
    employees = _employees(rows, errors)
    errors.raise_any()
    ids = sorted({e.pk for e in employees.values()})
    stored = {(lv.employee_id, lv.kind, lv.start): lv for lv in Leave.objects.filter(employee_id__in=ids)}
    result, created, updated, new, changed = UpsertResult(), [], [], [], []
    for row in rows:
        employee = employees[row["employee"]]
        label = f"{row['employee']}:{row['kind']}:{row['start']}"
        leave = stored.get((employee.pk, row["kind"], row["start"]))
        note = row.get("note") or ""
        if leave is None:
            new.append(Leave(employee=employee, kind=row["kind"], start=row["start"], end=row["end"], note=note))
            created.append(label)
        elif (leave.end, leave.note) != (row["end"], note):
            leave.end, leave.note = row["end"], note
            changed.append(leave)
            updated.append(label)
        else:
            result.unchanged += 1
    Leave.objects.bulk_create(new, batch_size=1000)
    Leave.objects.bulk_update(changed, ["end", "note"], batch_size=1000)
    result.created, result.updated = len(new), len(changed)
    _audit(action="org.leave_upsert", actor=actor, result=result, created=created, updated=updated)
    return result
