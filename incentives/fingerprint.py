"""What a run read, as digests, and whether it has changed since (a *stale* run).

When a run is computed it stores ``PayoutRun.fingerprint``: for each input kind and each
employee the period touches (the paid ones and the members of their teams), a short digest of

    kpi           the employee's KPI facts, row by row and day by day (``kpi_fact_digests``)
    targets       the targets the employee is measured against (own, team, campaign)
    assignments   the plan versions in force and their days
    leave         the days on leave per plan version
    certificates  the certificate gate's answer on the gate day
    teams         teams (pools) and supervised teams (overrides)
    plans         the definitions and validity of the plan versions that pay the employee

Staleness is worked out when asked (``selectors.run_staleness``), by reading the period again and
comparing: nothing has to remember to call a hook, whichever service or admin page changed an
input. ``selectors.run_stale_preview`` also runs the engine in memory (nothing written) to give the
amount at stake per employee.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from kpi.selectors import kpi_fact_digests

#: 2: KPI facts digested by a sum of row hashes on PostgreSQL (``kpi_fact_digests``)
VERSION = 2
KINDS = ("kpi", "targets", "assignments", "leave", "certificates", "teams", "plans")
DIGEST_CHARS = 8


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=DIGEST_CHARS // 2).hexdigest()


def _items(mapping) -> str:
    return ",".join(f"{k}={v}" for k, v in sorted(mapping.items()))


def run_fingerprint(reading) -> dict:
    """Digests of a period as read (``run_inputs.PeriodReading``), by kind and by employee."""
    g = reading.inputs
    population = {seg.employee_id for seg in g.segments}
    for members in g.team_members.values():
        population |= members
    facts = kpi_fact_digests(employee_ids=population, start=g.first, end=g.last)
    parts: dict[int, dict[str, list[str]]] = {e: {k: [] for k in KINDS} for e in population}
    version_text: dict[int, str] = {}
    for seg in sorted(g.segments, key=lambda s: (s.employee_id, s.plan_version_id)):
        v, inputs, p = reading.versions[seg.plan_version_id], seg.inputs, parts[seg.employee_id]
        if v.pk not in version_text:
            version_text[v.pk] = _digest(f"{v.status}|{v.valid_from}|{v.valid_to}|{sorted(v.definition.items())!r}")
        team_targets = {
            f"{t}:{code}": value
            for t in sorted({*inputs.team_ids, *inputs.supervised_team_ids})
            if t in g.teams
            for code, value in g.teams[t].targets.items()
        }
        p["targets"] = [_items(inputs.targets), _items(team_targets)]
        p["assignments"].append(f"{v.pk}:{inputs.eligible_days + seg.leave_days}/{inputs.days_in_period}")
        p["leave"].append(f"{v.pk}:{seg.leave_days}")
        p["certificates"] = [str(inputs.certified)]
        p["teams"] = [f"{inputs.team_ids}|{inputs.supervised_team_ids}|{seg.team_id}"]
        p["plans"].append(f"{v.pk}:{version_text[v.pk]}")
    employees: dict[str, str] = {}
    totals = {k: hashlib.blake2b(digest_size=8) for k in KINDS}
    updates = [totals[k].update for k in KINDS]
    # most texts repeat from employee to employee (the same plan, targets, days): digested once
    seen: dict[str, str] = {}
    for emp_id in sorted(population):
        p = parts[emp_id]
        p["kpi"] = [facts.get(emp_id, "")]
        row = []
        for k in KINDS:
            text = ";".join(p[k])
            digest = seen.get(text)
            if digest is None:
                digest = _digest(text)
                if k != "kpi":  # an employee's own facts: never the same text twice
                    seen[text] = digest
            row.append(digest)
        employees[str(emp_id)] = ".".join(row)
        for update, value in zip(updates, row, strict=True):
            update(f"{emp_id}={value};".encode())
    return {"v": VERSION, "kinds": {k: h.hexdigest() for k, h in totals.items()}, "employees": employees}


def fingerprint_merge(parts) -> dict:
    """The fingerprint of a period read in chunks of employees: ``parts`` is (fingerprint, paid
    employee ids) per chunk. An employee paid in a chunk takes that chunk's digests (a team member
    read in another chunk only for a team pool has no segment there); the kinds' totals are
    recomputed over the whole population in the order :func:`run_fingerprint` digests them, so the
    merge equals the fingerprint of the period read at once."""
    employees: dict[str, str] = {}
    for fp, paid in parts:
        for emp, row in fp["employees"].items():
            if int(emp) in paid or emp not in employees:
                employees[emp] = row
    totals = {k: hashlib.blake2b(digest_size=8) for k in KINDS}
    for emp_id in sorted(int(e) for e in employees):
        for kind, value in zip(KINDS, employees[str(emp_id)].split("."), strict=True):
            totals[kind].update(f"{emp_id}={value};".encode())
    return {"v": VERSION, "kinds": {k: h.hexdigest() for k, h in totals.items()}, "employees": employees}


@dataclass(frozen=True)
class Staleness:
    """What changed since the run was computed: the input kinds and, per employee, which kinds."""

    kinds: tuple[str, ...] = ()
    employees: dict[int, tuple[str, ...]] = field(default_factory=dict)
    #: False when the run has no fingerprint (computed before fingerprints existed)
    known: bool = True

    @property
    def stale(self) -> bool:
        return bool(self.kinds)

    @property
    def employee_ids(self) -> list[int]:
        return sorted(self.employees)


def fingerprint_compare(old: dict, new: dict) -> Staleness:
    if not old or old.get("v") != new.get("v"):
        return Staleness(known=False)
    changed = tuple(k for k in KINDS if old["kinds"].get(k) != new["kinds"].get(k))
    if not changed:
        return Staleness()
    idx = {k: i for i, k in enumerate(KINDS)}
    before, after = old["employees"], new["employees"]
    blank = ".".join([""] * len(KINDS))
    employees: dict[int, tuple[str, ...]] = {}
    for key in before.keys() | after.keys():
        a = before.get(key, blank).split(".")
        b = after.get(key, blank).split(".")
        kinds = tuple(k for k in changed if a[idx[k]] != b[idx[k]])
        if kinds:
            employees[int(key)] = kinds
    return Staleness(kinds=changed, employees=employees)


@dataclass(frozen=True)
class StalePreview:
    """A recompute in memory: what changed, whom it touches and the money that would move."""

    staleness: Staleness
    #: the employees whose inputs changed: (code, name), at most ``limit``
    agents: list[tuple[str, str]]
    #: the largest changes: (code, name, currency, paid now, a recompute would pay), at most ``limit``
    rows: list[tuple[str, str, str, Decimal, Decimal]]
    #: how many employees' totals would change; per currency, the sum of the absolute changes and the
    #: net change (``{currency: amount}``: amounts in different currencies are never added up)
    moved: int = 0
    at_stake: dict = field(default_factory=dict)
    net: dict = field(default_factory=dict)
