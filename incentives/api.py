"""Bonus runs through the API, for payroll (token scope ``incentives:read``; the token's owner needs
``incentives.run_read`` and sees the runs and payouts of the teams in their scope, incentives.scoping):

``GET /api/v1/payout-runs`` runs (``status``, ``period`` YYYY-MM), each with its totals per currency
(decimal strings, never added across currencies) inside the reader's scope; ``GET /api/v1/payout-runs/{id}``;
``GET /api/v1/payout-runs/{id}/payouts`` the payouts and their lines, only once the run has its final
approval (409 before); ``GET /api/v1/payout-runs/{id}/payroll-exports`` the payroll files made;
``POST /api/v1/payout-runs/{id}/payroll-exports`` (scope ``incentives:write``, capability
``incentives.payroll_export``) makes and returns the payroll file (CSV or XLSX, one currency), audited.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Literal

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from pydantic import Field, field_validator

from core.api_problems import ApiProblem, Pagination, Text, page_schema, paginate, problems, require_capability
from core.api_tokens import ApiTokenAuth
from core.params import MAX_ID

from .errors import IncentivesError
from .exports import payroll_export
from .models import CLOSED_STATUSES, ExportTemplate, PayoutRun, RunStatus
from .selectors import payouts_final, runs_filtered, runs_visible, runs_with_figures

router = Router(tags=["Incentives"])
READ = ApiTokenAuth(scope="incentives:read")
WRITE = ApiTokenAuth(scope="incentives:write")
CENT = Decimal("0.01")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class RunOut(Schema):
    id: int
    period: str = Field(description="YYYY-MM")
    plan: str | None = Field(description="plan code; null for a run of every plan")
    status: RunStatus
    status_label: str
    computed_at: dt.datetime | None
    payout_count: int = Field(description="payouts within the reader's scope")
    totals: dict[str, str] = Field(description="currency -> total (decimal string) within the reader's scope")
    final_approval: bool = Field(description="payouts and lines can be read")


RunPage = page_schema(RunOut)


class RunFilters(Schema):
    status: RunStatus | None = None
    period: Text | None = Field(None, max_length=7, description="YYYY-MM")

    @field_validator("period")
    @classmethod
    def _month(cls, value: str | None) -> str | None:
        if value is not None and not MONTH.match(value):
            raise ValueError("write the month as YYYY-MM, e.g. 2026-03")
        return value


def _money(amount) -> str:
    """A decimal string with the two places amounts are stored with (SQLite's sums drop them)."""
    return str(Decimal(amount).quantize(CENT))


def _run(run: PayoutRun) -> dict:
    return {
        "id": run.pk,
        "period": run.period_label,
        "plan": run.plan.code if run.plan_id else None,
        "status": run.status,
        "status_label": str(run.get_status_display()),
        "computed_at": run.computed_at,
        "payout_count": run.scoped_count,
        "totals": {currency: _money(total) for currency, total in run.scoped_totals.items()},
        "final_approval": run.status in CLOSED_STATUSES,
    }


def _run_or_404(request, run_id: int) -> PayoutRun:
    run = runs_visible(user=request.user).filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run


@router.get(
    "",
    response={200: RunPage, **problems(400, 401, 403, 422)},
    auth=READ,
    url_name="payout_runs",
    summary="Bonus runs in scope, with totals per currency",
)
def payout_runs(request, filters: Query[RunFilters], page: Query[Pagination]):
    require_capability(request.user, "incentives.run_read")
    period = dt.date.fromisoformat(filters.period + "-01") if filters.period else None
    data = paginate(request, runs_filtered(user=request.user, status=filters.status, period=period), page, lambda r: r)
    data["items"] = [_run(r) for r in runs_with_figures(runs=data["items"], user=request.user)]
    return data


@router.get(
    "/{run_id}",
    response={200: RunOut, **problems(400, 401, 403, 404, 422)},
    auth=READ,
    url_name="payout_run",
    summary="One bonus run",
)
def payout_run(request, run_id: int = Path(..., ge=1, le=MAX_ID)):
    require_capability(request.user, "incentives.run_read")
    return _run(runs_with_figures(runs=[_run_or_404(request, run_id)], user=request.user)[0])


class LineOut(Schema):
    code: str
    kind: str
    name: str
    concept: str
    amount: str


class PayoutOut(Schema):
    id: int
    employee: str = Field(description="employee code")
    name: str
    team: str | None = Field(description="team code the payout was computed for")
    plan: str
    plan_version: int
    currency: str
    total: str
    eligible_days: int
    days_in_period: int
    lines: list[LineOut]


PayoutPage = page_schema(PayoutOut)


def _payout(p) -> dict:
    return {
        "id": p.pk,
        "employee": p.employee.employee_code,
        "name": p.employee.full_name,
        "team": p.team.code if p.team_id else None,
        "plan": p.plan_version.plan.code,
        "plan_version": p.plan_version.number,
        "currency": p.currency,
        "total": str(p.total),
        "eligible_days": p.eligible_days,
        "days_in_period": p.days_in_period,
        "lines": [
            {
                "code": line.code,
                "kind": line.kind,
                "name": line.name,
                "concept": line.concept,
                "amount": str(line.amount),
            }
            for line in sorted(p.lines.all(), key=lambda line: line.position)
        ],
    }


def _not_final(run: PayoutRun) -> ApiProblem:
    return ApiProblem(
        409,
        "conflict",
        detail=_("Run %(run)s is %(status)s: its payouts are readable once it has its final approval.")
        % {"run": run.pk, "status": run.get_status_display()},
    )


@router.get(
    "/{run_id}/payouts",
    response={200: PayoutPage, **problems(400, 401, 403, 404, 409, 422)},
    auth=READ,
    url_name="payout_run_payouts",
    summary="A finally approved run's payouts and their lines",
)
def payout_run_payouts(request, page: Query[Pagination], run_id: int = Path(..., ge=1, le=MAX_ID)):
    require_capability(request.user, "incentives.run_read")
    run = _run_or_404(request, run_id)
    if run.status not in CLOSED_STATUSES:
        raise _not_final(run)
    return paginate(request, payouts_final(user=request.user, run=run), page, _payout)


class ExportOut(Schema):
    id: int
    template: str
    format: str
    sha256: str
    size: int
    created_at: dt.datetime
    created_by: str | None


@router.get(
    "/{run_id}/payroll-exports",
    response={200: list[ExportOut], **problems(400, 401, 403, 404, 422)},
    auth=READ,
    url_name="payroll_exports",
    summary="The payroll files made from a run",
)
def payroll_exports(request, run_id: int = Path(..., ge=1, le=MAX_ID)):
    require_capability(request.user, "incentives.payroll_export")
    run = _run_or_404(request, run_id)
    return [
        {
            "id": e.pk,
            "template": e.template.code,
            "format": e.file_format,
            "sha256": e.sha256,
            "size": e.size,
            "created_at": e.created_at,
            "created_by": e.created_by.get_username() if e.created_by_id else None,
        }
        for e in run.exports.select_related("template", "created_by")
    ]


class ExportIn(Schema):
    format: Literal["csv", "xlsx"] = "csv"
    currency: Text | None = Field(None, min_length=3, max_length=3, description="needed when the run pays several")
    template: Text | None = Field(None, max_length=40, description="export template code (default: the default one)")


@router.post(
    "/{run_id}/payroll-exports",
    response={200: None, **problems(400, 401, 403, 404, 409, 422)},
    auth=WRITE,
    url_name="payroll_export_create",
    summary="Make the payroll file of a locked run (CSV or XLSX, one currency)",
    openapi_extra={
        "responses": {
            200: {
                "description": "The payroll file (the same run gives the same bytes)",
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                        "schema": {"type": "string", "format": "binary"}
                    },
                },
            }
        }
    },
)
def payroll_export_create(request, payload: ExportIn, run_id: int = Path(..., ge=1, le=MAX_ID)):
    require_capability(request.user, "incentives.payroll_export")
    run = _run_or_404(request, run_id)
    template = None
    if payload.template:
        template = ExportTemplate.objects.filter(code=payload.template).first()
        if template is None:
            message = _("'%(value)s' is not a known export template.") % {"value": payload.template}
            raise ApiProblem(
                422, "validation", detail=message, errors=[{"field": "template", "code": "unknown", "message": message}]
            )
    try:
        data, name = payroll_export(
            actor=request.user,
            run=run,
            template=template,
            file_format=payload.format,
            currency=payload.currency.upper() if payload.currency else None,
        )
    except IncentivesError as exc:
        raise ApiProblem(
            409, "conflict", detail=exc.message, errors=[{"code": exc.code, "message": exc.message}]
        ) from None
    content_type = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if payload.format == "xlsx"
        else "text/csv; charset=utf-8"
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
