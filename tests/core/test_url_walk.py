"""Every URL the project routes, as every role, with malformed input: never a 5xx.

The walk iterates ``get_resolver().url_patterns`` recursively, so a new view is covered the day it is
added. Path converters are filled with ids of real objects (from the ``world`` fixture and a few more)
and with malformed values (non-numeric, beyond a bigint, overlong, CR/LF, NUL); each URL is requested
with GET and POST carrying malformed values for every parameter name the portal (or Wagtail) reads.

Wagtail's own admin views under /cms/ (pages, choosers, documents, images, snippets, users, settings,
reports, workflows...) are walked like the project's: they are served by this portal, so their 5xx
are its 5xx (core.cms_input types what they read). Every role walks every URL; the roles without the
CMS are sent to the sign-in page there, which costs little. Each page id is also tried as the tree's
root, which is not a page to act on.

It runs once per suite: on SQLite in the plain suite, on PostgreSQL (where a NUL, an overlong
string or an out-of-range integer fails in the database, not in Python) in the services suite.
On both databases every role reaches every URL with malformed path segments and malformed parameters,
but the query and form values are shared out (:func:`role_values`): admin (who gets into nearly every
view) and anonymous (the public views) send all five, every other role one of them in turn, so each
value reaches every URL as at least three roles. A value that breaks a view breaks it for every role
that gets in; the full matrix (every role × every value) cost over half an hour on PostgreSQL in CI.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Locale, Page, Site, Task, Workflow

from content.models import StandardPage
from core.roles import Role
from core.services import user_set_role

ROLES = ["anonymous", *(role.value for role in Role)]

# Parameter names read from request.GET / request.POST across the project and Wagtail's admin.
PARAMETERS = (
    "run team employee mes q page day site campaign dias format kpi exam desde hasta dia codigo next "
    "action comment reason holder_name language role code period plan plan_code decision p ordering "
    "locale parent_page_id collection_id tag id pk name label dry_run profile"
    # Wagtail's admin (grep request.GET / request.POST in its views) and its admin API
    " multiple select_format child_of descendant_of ancestor_of search position page_type offset limit mode"
    " collection revision_id overwrite_revision_id loaded_revision_id loaded_revision_created_at translation_of"
    " url link_text link_url width height new_parent_page fields type title order order_by content_type export"
    " layout has_children for_explorer user_perms match_subclass search_operator can_choose_root email"
    " phone_number anchor confirm_site_name html_path import_file_name input_format format_name alt_text"
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

# Routes not requested, each for a reason (everything else the resolver knows is walked, /cms/ included).
SKIPPED = {
    "account_logout": "signs the walker out; its view takes no parameters",
    "wagtailadmin_logout": "signs the walker out; its view takes no parameters",
}
# Path parameters that name a page to act on: the tree's root is not one (it is also walked).
PAGE_TO_ACT_ON = ("page_id", "page_to_move_id")


def _walked(route: Route) -> bool:
    return route.pattern.name not in SKIPPED


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
        if name in PAGE_TO_ACT_ON:
            candidates.append(({name: valid["root_page"]}, False))
    urls = []
    for overrides, is_valid in candidates:

        def value_for(name, kind, overrides=overrides):
            if name in overrides:
                return overrides[name]
            return (
                valid.get((route.namespace, route.pattern.name, name))
                or valid.get((route.pattern.name, name))
                or valid.get(name)
                or valid["kind:" + kind]
            )

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


def role_values(role: str) -> list[tuple[str, str]]:
    """The malformed query/form values a role sends: admin (who gets into nearly every view)
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
        ("run_confirm", "action"): "approve_final",
        ("adjustment_decide", "decision"): "approve",
        "run_id": str(run.pk),
        ("wagtail_serve", "group"): "abc/",
        ("revisions_compare", "revision_id_a"): "earliest",
        ("revisions_compare", "revision_id_b"): "latest",
    }
    for name in ("run_detail", "run_progress", "run_transition", "run_confirm", "run_export", "adjustment_create"):
        valid[(name, "pk")] = str(run.pk)
    valid.update(_cms_objects(world))
    return world, valid


def _cms_objects(world) -> dict:
    """One object of each kind Wagtail's admin URLs name (a page with a revision, a document, an
    image, a redirect, a workflow and its task...), and the editor in the CMS group as
    ``user_set_role`` puts him."""
    user_set_role(actor=None, user=world.editor, role=Role.EDITOR)
    root = Page.objects.get(depth=1)
    home = Site.objects.get(is_default_site=True).root_page
    page = StandardPage(title="Ayuda", slug="ayuda")
    home.add_child(instance=page)
    revision = page.save_revision(user=world.editor)
    collection = Collection.get_first_root_node()
    document = Document.objects.create(title="Manual", file=ContentFile(b"%PDF-1.4 manual", name="manual.pdf"))
    image = get_image_model().objects.create(title="Logo", file=get_test_image_file())
    redirect = Redirect.objects.create(old_path="/viejo", redirect_link="/nuevo")
    workflow, task = Workflow.objects.first(), Task.objects.first()
    group = Group.objects.first()
    ids = {
        "root_page": str(root.pk),
        "page_id": str(page.pk),
        "page_to_move_id": str(page.pk),
        "parent_page_id": str(home.pk),
        "destination_id": str(home.pk),
        "revision_id": str(revision.pk),
        "document_id": str(document.pk),
        "doc_id": str(document.pk),
        "image_id": str(image.pk),
        "redirect_id": str(redirect.pk),
        "collection_id": str(collection.pk),
        "task_id": str(task.pk) if task else "1",
        "page_pk": str(page.pk),
        "workflow_pk": str(workflow.pk) if workflow else "1",
        "filter_spec": "fill-80x80",
        "content_type_app_name": "content",
        "content_type_model_name": "standardpage",
        ("wagtail_bulk_action", "app_label"): "wagtailcore",
        ("wagtail_bulk_action", "model_name"): "page",
        ("wagtail_bulk_action", "action"): "delete",
        ("wagtailadmin_pages", "choose_parent", "app_label"): "content",
        ("wagtailadmin_pages", "choose_parent", "model_name"): "standardpage",
        ("wagtailadmin_pages", "revisions_compare", "pk"): str(page.pk),
        ("wagtaildocs_chooser", "chosen", "pk"): str(document.pk),
        ("wagtailimages_chooser", "chosen", "pk"): str(image.pk),
        ("wagtailimages_chooser", "select_format", "image_id"): str(image.pk),
    }
    for namespace, pk in (
        ("wagtailadmin_collections", collection.pk),
        ("wagtailadmin_workflows", workflow.pk if workflow else 1),
        ("wagtailsites", Site.objects.get(is_default_site=True).pk),
        ("wagtailusers_groups", group.pk),
        ("wagtaillocales", Locale.objects.first().pk),
    ):
        for name in (
            "edit",
            "delete",
            "enable",
            "disable",
            "usage",
            "usage_results",
            "history",
            "history_results",
            "copy",
        ):
            ids[(namespace, name, "pk")] = str(pk)
    for name in ("edit_task", "disable_task", "enable_task"):
        ids[("wagtailadmin_workflows", name, "pk")] = str(task.pk) if task else "1"
    return ids


def _walk(walk_world, role: str, values=MALFORMED_VALUES) -> list[str]:
    world, valid = walk_world
    user = None if role == "anonymous" else world.user(role)
    client = Client(raise_request_exception=False)
    session_touched = True  # (re)read the session before the next request

    def sign_in():
        # Reading the session costs a query; only a response that wrote the session (Set-Cookie:
        # a view that signed the walker out, cycled or flushed the session) can have dropped the
        # sign-in, so it is looked at again only then.
        nonlocal session_touched
        if user is not None and session_touched and "_auth_user_id" not in client.session:
            client.force_login(user)
        session_touched = False

    failures = []

    def check(method: str, url: str, **kwargs):
        nonlocal session_touched
        sign_in()
        response = getattr(client, method)(url, **kwargs)
        session_touched = settings.SESSION_COOKIE_NAME in response.cookies
        if response.status_code >= 500:
            body = kwargs.get("data")
            failures.append(
                f"{role} {method.upper()} {url[:160]!r} {str(body)[:80] if body else ''}-> {response.status_code}"
            )

    for route in _routes():
        if not _walked(route):
            continue
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
    failures = _walk(walk_world, role, role_values(role))
    assert not failures, "\n".join(failures)


@pytest.mark.slow
@pytest.mark.services("postgres")
@pytest.mark.parametrize("role", ROLES)
def test_no_url_answers_malformed_input_with_a_server_error_on_postgres(walk_world, role):
    failures = _walk(walk_world, role, role_values(role))
    assert not failures, "\n".join(failures)


def _shadowed(route: Route, valid: dict) -> bool:
    """A Wagtail pattern the project overrides with an earlier one (its login, password reset and
    deliberate-error views): its URL reaches the project's view, which is walked itself."""
    url = "/" + "".join(
        _fill(part, lambda name, kind: valid.get(name) or valid["kind:" + kind]) for part in route.parts
    )
    try:
        return resolve(url).func is not route.pattern.callback
    except Resolver404:
        return False


def test_the_walk_reaches_every_url_pattern_it_walks(walk_world):
    """The walk is not vacuous: every walked pattern yields at least one URL that resolves to it,
    Wagtail's admin views included."""
    _world, valid = walk_world
    routes = [route for route in _routes() if _walked(route)]
    missing = [route.label for route in routes if not _urls_for(route, valid) and not _shadowed(route, valid)]
    assert not missing, missing
    labels = {route.label for route in routes}
    assert {"cms/org_team/", "cms/pages/<int:page_id>/lock/", "cms/documents/chooser/chosen/<str:pk>/"} <= labels
    assert len([label for label in labels if label.startswith("cms/")]) > 250


def test_each_malformed_value_is_sent_by_admin_anonymous_and_another_role():
    senders = {
        label: [role for role in ROLES if (label, value) in role_values(role)] for label, value in MALFORMED_VALUES
    }
    for label, roles in senders.items():
        assert {"admin", "anonymous"} <= set(roles), label
        assert label == "NUL" or len(roles) >= 3, (label, roles)
    assert all(role_values(role) for role in ROLES)
