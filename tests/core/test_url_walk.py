"""Every URL the project routes, as every role, with malformed input: never a 5xx.

The walk iterates ``get_resolver().url_patterns`` recursively, so a new view is covered the day it is
added. Path converters are filled with ids of real objects (from the ``world`` fixture and a few more)
and with malformed values (non-numeric, beyond a bigint, overlong, CR/LF, NUL); each URL is requested
with GET and POST carrying malformed values for every parameter name the portal (or Wagtail) reads.

It runs once per suite: on SQLite in the plain suite, on PostgreSQL (where a NUL, an overlong
string or an out-of-range integer fails in the database, not in Python) in the services suite.
On PostgreSQL (CI) every role sends every malformed value to every URL. On SQLite (`make test`) every
role still reaches every URL with malformed path segments and malformed parameters, but the query and
form values are shared out (:func:`sqlite_values`): admin and anonymous send all five, every other
role one of them in turn, so each value reaches every URL as at least three roles. A value that breaks
a view in Python breaks it for every role that gets in; the full matrix costs minutes.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern

from core.roles import Role

ROLES = ["anonymous", *(role.value for role in Role)]

# Parameter names read from request.GET / request.POST across the project and Wagtail's admin.
PARAMETERS = (
    "run team employee mes q page day site campaign dias format kpi exam desde hasta dia codigo next "
    "action comment reason holder_name language role code period plan plan_code decision p ordering "
    "locale parent_page_id collection_id tag id pk name label dry_run profile"
).split()

OVERLONG = "x" * 5000
OUT_OF_RANGE = "99999999999999999999"
# (label, value) pairs sent in every parameter at once; the NUL variant alone, since it is refused whole.
MALFORMED_VALUES = [
    ("non-numeric", "abc"),
    ("out-of-range", OUT_OF_RANGE),
    ("overlong", OVERLONG),
    ("CR/LF", "a\r\nSet-Cookie: x=1"),
    ("NUL", "a\x00b"),
]
# Path segments: a malformed id or code (only those the converter lets through reach the view).
MALFORMED_SEGMENTS = ["abc", OUT_OF_RANGE, "x" * 300, "a%0D%0Ab", "a%00b"]

# Wagtail's admin sends everyone without admin access to its login page before any view runs; it is
# walked as the roles that get in, plus anonymous (and agent, for the redirect itself).
CMS_ROLES = {"anonymous", "agent", "editor", "admin"}
PROJECT_APPS = ("core", "content", "learning", "certification", "kpi", "incentives", "config")


def _project_admin_namespaces() -> set[str]:
    """URL namespaces of the admin viewsets the project registers (its code inside /cms/)."""
    from wagtail.admin.viewsets import viewsets

    return {
        viewset.url_namespace
        for viewset in viewsets.viewsets
        if type(viewset).__module__.split(".")[0] in PROJECT_APPS
        or getattr(getattr(viewset, "model", None), "__module__", "").split(".")[0] in PROJECT_APPS
    }


def _walked(route: Route) -> bool:
    """Every route outside /cms/; inside it, the project's own admin viewsets. Wagtail's own admin
    views (pages, images, choosers, workflows…) are a dependency's code: not walked here."""
    if not route.label.startswith("cms/"):
        return True
    view_class = getattr(route.pattern.callback, "view_class", None)
    if view_class is not None and "chooser" in view_class.__module__ and view_class.__module__.startswith("wagtail."):
        return False  # Wagtail's chooser views (they parse the id themselves)
    return route.namespace.split(":")[-1] in _project_admin_namespaces()


@dataclass(frozen=True)
class Route:
    pattern: URLPattern
    parts: tuple  # the RoutePattern / RegexPattern of each level
    namespace: str

    @property
    def label(self) -> str:
        return "".join(str(part) for part in self.parts)


def _routes() -> list[Route]:
    found: list[Route] = []

    def walk(patterns, parts, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
                walk(entry.url_patterns, (*parts, entry.pattern), ns or "")
            elif isinstance(entry, URLPattern):
                found.append(Route(entry, (*parts, entry.pattern), namespace))

    walk(get_resolver().url_patterns, (), "")
    return found


def _top_level_groups(regex: str) -> list[tuple[int, int, str | None]]:
    """(start, end, name) of each top-level capturing group in a regex source."""
    groups, depth, start, escaped = [], 0, 0, False
    for index, char in enumerate(regex):
        if escaped:
            escaped = False
            continue
        if char == "\\":
            escaped = True
        elif char == "(":
            if depth == 0:
                start = index
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                body = regex[start : index + 1]
                if body.startswith("(?P<"):
                    groups.append((start, index + 1, body[4 : body.index(">")]))
                elif not body.startswith("(?"):
                    groups.append((start, index + 1, None))
    return groups


def _fill(part, value_for) -> str:
    """One level's text with each converter / group replaced by value_for(name, kind)."""
    if isinstance(part, RoutePattern):
        return re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: value_for(m.group(2), m.group(1) or "str"), str(part))
    assert isinstance(part, RegexPattern)
    source = part._regex
    out, last = [], 0
    for start, end, name in _top_level_groups(source):
        out.append(source[last:start])
        out.append(re.escape(value_for(name or "group", "regex")))
        last = end
    out.append(source[last:])
    text = "".join(out).lstrip("^").rstrip("$")
    # un-escape what is left of the regex (literal characters only in these patterns)
    return re.sub(r"\\(.)", r"\1", text)


def _urls_for(route: Route, valid: dict) -> list[tuple[str, bool]]:
    """(url, with_valid_values) pairs whose URL resolves to this very pattern."""
    names = []
    for part in route.parts:
        _fill(part, lambda name, kind: names.append((name, kind)) or "x")
    candidates: list[tuple[dict, bool]] = [({}, True)]
    for name, _kind in names:
        for segment in MALFORMED_SEGMENTS:
            candidates.append(({name: segment}, False))
    urls = []
    for overrides, is_valid in candidates:

        def value_for(name, kind, overrides=overrides):
            if name in overrides:
                return overrides[name]
            return valid.get((route.pattern.name, name)) or valid.get(name) or valid["kind:" + kind]

        url = "/" + "".join(_fill(part, value_for) for part in route.parts)
        try:
            match = resolve(url.replace("%0D%0A", "\r\n").replace("%00", "\x00"))
        except Resolver404:
            continue
        if match.func is route.pattern.callback or getattr(match.func, "__wrapped__", None) is getattr(
            route.pattern.callback, "__wrapped__", object()
        ):
            urls.append((url, is_valid))
    return list(dict.fromkeys(urls))


def sqlite_values(role: str) -> list[tuple[str, str]]:
    """The malformed query/form values a role sends on SQLite: admin (who gets into nearly every view)
    and anonymous (the public views) send all five; every other role one of the four that reach a
    view, in turn (the NUL is refused whole before any view runs), so each reaches every URL as admin,
    as anonymous and as at least one more role."""
    if role in ("admin", "anonymous"):
        return MALFORMED_VALUES
    others = [name for name in ROLES if name not in ("admin", "anonymous")]
    in_python = [pair for pair in MALFORMED_VALUES if pair[0] != "NUL"]
    return [in_python[others.index(role) % len(in_python)]]


@functools.cache
def _query(value: str) -> str:
    return "&".join(f"{name}={quote(value, safe='')}" for name in PARAMETERS)


@pytest.fixture
def walk_world(world):
    """The world plus one object of each kind a URL names by id."""
    from incentives.services import payout_run_compute
    from tests.incentives.factories import published_plan
    from tests.kpi.factories import KpiImportFactory

    version = published_plan(world.admin, teams=[world.team_a])
    run = payout_run_compute(period=dt.date(2026, 10, 1), plan_code=version.plan.code, actor=world.admin)
    kpi_import = KpiImportFactory()
    valid = {
        "kind:int": str(world.agent_employee.pk),
        "kind:str": world.agent_employee.employee_code,
        "kind:slug": world.team_a.code,
        "kind:path": "abc/",
        "kind:regex": "abc",
        ("employee_kpis", "code"): world.agent_employee.employee_code,
        ("user_role_change", "pk"): str(world.agent.pk),
        ("plan_detail", "code"): version.plan.code,
        ("plan_version_new", "code"): version.plan.code,
        ("assignment_create", "code"): version.plan.code,
        ("plan_version_edit", "pk"): str(version.pk),
        ("plan_version_publish", "pk"): str(version.pk),
        ("plan_version_json", "pk"): str(version.pk),
        ("import_detail", "pk"): str(kpi_import.pk),
        ("import_status", "pk"): str(kpi_import.pk),
        ("import_errors_csv", "pk"): str(kpi_import.pk),
        ("kpi_feed_detail", "import_id"): str(kpi_import.pk),
        ("run_transition", "action"): "approve_team",
        ("adjustment_decide", "decision"): "approve",
        "run_id": str(run.pk),
        ("wagtail_serve", "group"): "abc/",
        ("revisions_compare", "revision_id_a"): "earliest",
        ("revisions_compare", "revision_id_b"): "latest",
    }
    for name in ("run_detail", "run_progress", "run_transition", "run_export", "adjustment_create"):
        valid[(name, "pk")] = str(run.pk)
    return world, valid


def _walk(walk_world, role: str, values=MALFORMED_VALUES) -> list[str]:
    world, valid = walk_world
    user = None if role == "anonymous" else world.user(role)
    client = Client(raise_request_exception=False)

    def sign_in():
        if user is not None and "_auth_user_id" not in client.session:
            client.force_login(user)

    failures = []

    def check(method: str, url: str, **kwargs):
        sign_in()
        response = getattr(client, method)(url, **kwargs)
        if response.status_code >= 500:
            body = kwargs.get("data")
            failures.append(
                f"{role} {method.upper()} {url[:160]!r} {str(body)[:80] if body else ''}-> {response.status_code}"
            )

    for route in _routes():
        if not _walked(route) or (route.label.startswith("cms/") and role not in CMS_ROLES):
            continue
        if route.pattern.name in ("account_logout",):
            continue  # signs the walker out; its view takes no parameters
        for url, is_valid in _urls_for(route, valid):
            if not is_valid:
                check("get", url)
                check("post", url)
                continue
            for _label, value in values:
                check("get", f"{url}?{_query(value)}")
                check("post", url, data={name: value for name in PARAMETERS})
    return failures


def _on_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_no_url_answers_malformed_input_with_a_server_error_on_sqlite(walk_world, role):
    if _on_postgres():
        pytest.skip("the PostgreSQL variant walks this database")
    failures = _walk(walk_world, role, sqlite_values(role))
    assert not failures, "\n".join(failures)


@pytest.mark.slow
@pytest.mark.services("postgres")
@pytest.mark.parametrize("role", ROLES)
def test_no_url_answers_malformed_input_with_a_server_error_on_postgres(walk_world, role):
    failures = _walk(walk_world, role)
    assert not failures, "\n".join(failures)


def test_the_walk_reaches_every_url_pattern_it_walks(walk_world):
    """The walk is not vacuous: every walked pattern yields at least one URL that resolves to it."""
    _world, valid = walk_world
    missing = [route.label for route in _routes() if _walked(route) and not _urls_for(route, valid)]
    assert not missing, missing
    assert any(route.label.startswith("cms/org_team/") for route in _routes() if _walked(route))


def test_on_sqlite_each_malformed_value_is_sent_by_admin_anonymous_and_another_role():
    senders = {
        label: [role for role in ROLES if (label, value) in sqlite_values(role)] for label, value in MALFORMED_VALUES
    }
    for label, roles in senders.items():
        assert {"admin", "anonymous"} <= set(roles), label
        assert label == "NUL" or len(roles) >= 3, (label, roles)
    assert all(sqlite_values(role) for role in ROLES)
