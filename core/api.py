"""The organisation through the API, for HR systems (token scope ``org:write``; the token's owner
needs ``org.employee_manage``):

``POST /api/v1/org/employees``, ``/org/teams``, ``/org/team-memberships``,
``/org/campaign-assignments``, ``/org/leave``: ``{"rows": [...]}``, up to 10,000 rows, upserted on
their natural keys, all or nothing (core.org_sync): 200 with what was created, updated and left
unchanged; 422 naming every problem by row (from 0) and field, nothing stored. Send an
``Idempotency-Key`` header to make a retry safe (core.idempotency): the same key and body replay the
first answer, the same key with another body is a 409.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field, field_validator

from core.api_problems import ApiProblem, Text, problems, require_capability
from core.api_tokens import ApiTokenAuth
from core.idempotency import idempotent
from core.models import LeaveKind
from core.org_sync import (
    MAX_ROWS,
    OrgSyncRejected,
    org_campaign_assignments_upsert,
    org_employees_upsert,
    org_leave_upsert,
    org_memberships_upsert,
    org_teams_upsert,
)

router = Router(tags=["Organisation"])
WRITE = ApiTokenAuth(scope="org:write")
Code = Field(..., min_length=1, max_length=40)


class EmployeeRow(Schema):
    employee_code: Text = Field(..., min_length=1, max_length=20)
    first_name: Text = Field(..., min_length=1, max_length=80)
    last_name: Text = Field(..., min_length=1, max_length=120)
    email: Text = Field("", max_length=254)
    dialer_login: Text = Field("", max_length=60)
    hire_date: dt.date
    termination_date: dt.date | None = None
    site: Text | None = Field(None, max_length=20, description="site code")

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value:
            try:
                validate_email(value)
            except DjangoValidationError:
                raise ValueError("not an e-mail address") from None
        return value


class TeamRow(Schema):
    code: Text = Field(..., min_length=1, max_length=30)
    name: Text = Field(..., min_length=1, max_length=120)
    site: Text = Field(..., min_length=1, max_length=20, description="site code")


class MembershipRow(Schema):
    employee: Text = Field(..., min_length=1, max_length=20, description="employee code")
    team: Text = Field(..., min_length=1, max_length=30, description="team code")
    start: dt.date
    end: dt.date | None = Field(None, description="last day (inclusive); empty: open")


class CampaignAssignmentRow(Schema):
    employee: Text = Field(..., min_length=1, max_length=20, description="employee code")
    campaign: Text = Field(..., min_length=1, max_length=40, description="campaign code")
    start: dt.date
    end: dt.date | None = None


class LeaveRow(Schema):
    employee: Text = Field(..., min_length=1, max_length=20, description="employee code")
    kind: LeaveKind = LeaveKind.VACATION
    start: dt.date
    end: dt.date
    note: Text = Field("", max_length=200)


def _rows_of(row_schema):
    return type(
        f"{row_schema.__name__.removesuffix('Row')}Rows",
        (Schema,),
        {"__annotations__": {"rows": list[row_schema]}, "rows": Field(..., min_length=1, max_length=MAX_ROWS)},
    )


EmployeeRows, TeamRows, MembershipRows = _rows_of(EmployeeRow), _rows_of(TeamRow), _rows_of(MembershipRow)
CampaignAssignmentRows, LeaveRows = _rows_of(CampaignAssignmentRow), _rows_of(LeaveRow)


class WarningOut(Schema):
    row: int
    code: str
    message: str


class UpsertOut(Schema):
    created: int
    updated: int
    unchanged: int
    warnings: list[WarningOut] = Field(description="what the assignment checks said about rows they let through")


def _upsert(request, service, payload) -> object:
    require_capability(request.user, "org.employee_manage")

    def run():
        try:
            result = service(actor=request.user, rows=[row.model_dump() for row in payload.rows])
        except OrgSyncRejected as exc:
            detail = _("%(count)s rows have errors; nothing was stored.") % {
                "count": len({e["row"] for e in exc.errors})
            }
            raise ApiProblem(422, "rejected", detail=detail, errors=exc.errors) from None
        return 200, {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "warnings": result.warnings,
        }

    return idempotent(request, run)


RESPONSES = {200: UpsertOut, **problems(400, 401, 403, 409, 422)}
IDEMPOTENCY = {
    "parameters": [
        {
            "in": "header",
            "name": "Idempotency-Key",
            "required": False,
            "schema": {"type": "string", "maxLength": 200},
            "description": "the same key and body replay the first answer; another body is a 409",
        }
    ]
}


@router.post(
    "/employees",
    response=RESPONSES,
    auth=WRITE,
    url_name="org_employees",
    openapi_extra=IDEMPOTENCY,
    summary="Upsert employees by employee code",
)
def org_employees(request, payload: EmployeeRows):
    return _upsert(request, org_employees_upsert, payload)


@router.post(
    "/teams", response=RESPONSES, auth=WRITE, url_name="org_teams", openapi_extra=IDEMPOTENCY, summary="Upsert teams"
)
def org_teams(request, payload: TeamRows):
    return _upsert(request, org_teams_upsert, payload)


@router.post(
    "/team-memberships",
    response=RESPONSES,
    auth=WRITE,
    url_name="org_memberships",
    openapi_extra=IDEMPOTENCY,
    summary="Upsert dated team memberships",
)
def org_memberships(request, payload: MembershipRows):
    return _upsert(request, org_memberships_upsert, payload)


@router.post(
    "/campaign-assignments",
    response=RESPONSES,
    auth=WRITE,
    url_name="org_campaign_assignments",
    openapi_extra=IDEMPOTENCY,
    summary="Upsert campaign assignments (the licence-to-dial check runs)",
)
def org_campaign_assignments(request, payload: CampaignAssignmentRows):
    return _upsert(request, org_campaign_assignments_upsert, payload)


@router.post(
    "/leave", response=RESPONSES, auth=WRITE, url_name="org_leave", openapi_extra=IDEMPOTENCY, summary="Upsert leave"
)
def org_leave(request, payload: LeaveRows):
    return _upsert(request, org_leave_upsert, payload)
