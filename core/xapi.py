"""xAPI 1.0.3 statements, built from plain values (no model, no query): who (an ``account`` actor,
the employee code at the portal's home page, never an e-mail), did what (an ADL verb) to which
activity (a stable IRI under ``XAPI_BASE_IRI``), with what result.

``core.outbox.xapi_record`` queues them; the higher apps say what happened
(learning: launched/experienced/completed, certification: scored/passed/failed and certificates).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

VERSION = "1.0.3"

#: the ADL verbs the portal uses (http://adlnet.gov/expapi/verbs/…), with their display names
VERBS = {
    "launched": "launched",
    "experienced": "experienced",
    "completed": "completed",
    "passed": "passed",
    "failed": "failed",
    "scored": "scored",
}

#: activity kinds: the IRI's path segment and the activity type (ADL's vocabulary)
ACTIVITY_TYPES = {
    "courses": "http://adlnet.gov/expapi/activities/course",
    "lessons": "http://adlnet.gov/expapi/activities/lesson",
    "exams": "http://adlnet.gov/expapi/activities/assessment",
    "certifications": "https://w3id.org/xapi/tla/activity-types/credential",
}


@dataclass(frozen=True)
class Activity:
    kind: str  # a key of ACTIVITY_TYPES
    ident: str | int  # the row's id (or a stable code): never a title, which may change
    name: str
    language: str = "es"

    def iri(self) -> str:
        if self.kind not in ACTIVITY_TYPES:
            raise ValueError(f"unknown xAPI activity kind {self.kind!r}")
        return f"{settings.XAPI_BASE_IRI}/{self.kind}/{self.ident}"

    def as_object(self) -> dict:
        return {
            "objectType": "Activity",
            "id": self.iri(),
            "definition": {"type": ACTIVITY_TYPES[self.kind], "name": {self.language: self.name[:250] or self.kind}},
        }


def verb_object(name: str) -> dict:
    if name not in VERBS:
        raise ValueError(f"unknown xAPI verb {name!r}")
    return {"id": f"http://adlnet.gov/expapi/verbs/{name}", "display": {"en-US": VERBS[name]}}


def actor(account_name: str) -> dict:
    return {"objectType": "Agent", "account": {"homePage": settings.XAPI_ACCOUNT_HOMEPAGE, "name": account_name}}


def score(*, raw: Decimal | float | None, maximum: Decimal | float | None, percentage: Decimal | float | None) -> dict:
    """A result's score: raw and max as given, scaled (-1..1) from the percentage."""
    out: dict = {}
    if percentage is not None:
        out["scaled"] = round(max(min(float(percentage) / 100, 1.0), -1.0), 4)
    if raw is not None and maximum is not None and float(maximum) > 0:
        out.update({"raw": float(raw), "min": 0.0, "max": float(maximum)})
    return out


def statement(
    *,
    statement_id: uuid.UUID,
    verb: str,
    account_name: str,
    activity: Activity,
    timestamp: dt.datetime,
    result: dict | None = None,
    parent: Activity | None = None,
) -> dict:
    out = {
        "id": str(statement_id),
        "actor": actor(account_name),
        "verb": verb_object(verb),
        "object": activity.as_object(),
        "timestamp": timestamp.isoformat(),
    }
    if result:
        out["result"] = result
    context: dict = {"platform": "Acredita", "language": activity.language}
    if parent is not None:
        context["contextActivities"] = {"parent": [parent.as_object()]}
    out["context"] = context
    return out
