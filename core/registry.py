"""Extension points that apps fill from their AppConfig.ready() (the only wiring point).

Core never imports the other apps: they register here what they add to the shared portal.

    register_nav_item(NavItem(...))           an entry in the main navigation, for holders of a capability
    register_dashboard_panel(Panel(...))      a card on the home page, for holders of a capability
    register_badge_kind(BadgeKind(...))       how one kind of status is shown as a badge (one tone table)
    register_assignment_check(key, check)     why an employee should not work a campaign (warn or refuse)
    register_audit_actions({code: label})     the words for the audit actions an app records

`capability` names an entry of core.capabilities (None: every signed-in user); a Panel's `unless`
hides it from users who hold that other capability (they get a fuller card instead).

Demo data is not registered here: `manage.py seed_demo` discovers each app's `<app>/demo/`
package itself, so a running portal never imports demo code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.apps import apps as django_apps
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from core.capabilities import get, user_can


@lru_cache(maxsize=256)
def _url_of(url_name: str, script_prefix: str) -> str:
    """A nav item's address, reversed once per process (the URLconf does not change while it runs)."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return ""


def _check(name: str | None) -> None:
    if name is not None:
        get(name)  # raises UnknownCapability for a typo


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str  # a lazy translation
    url_name: str
    capability: str | None
    order: int = 100
    icon: str = ""

    def __post_init__(self):
        _check(self.capability)

    def visible_to(self, user) -> bool:
        return self.capability is None or user_can(user, self.capability)

    def url(self) -> str:
        return _url_of(self.url_name, get_script_prefix())


@dataclass(frozen=True)
class Panel:
    """A dashboard card. `context` receives (request) and returns the template context, or None to hide."""

    key: str
    template_name: str
    capability: str | None
    context: Callable[..., dict | None]
    order: int = 100
    unless: str | None = None

    def __post_init__(self):
        _check(self.capability)
        _check(self.unless)

    def visible_to(self, user) -> bool:
        if not user.is_authenticated:
            return False
        if self.unless is not None and user_can(user, self.unless):
            return False
        return self.capability is None or user_can(user, self.capability)


_nav: dict[str, NavItem] = {}
_panels: dict[str, Panel] = {}


def register_nav_item(item: NavItem) -> None:
    _nav[item.key] = item


def register_dashboard_panel(panel: Panel) -> None:
    _panels[panel.key] = panel


def nav_items_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    return sorted((i for i in _nav.values() if i.visible_to(user)), key=lambda i: (i.order, i.key))


def nav_items() -> list[NavItem]:
    return sorted(_nav.values(), key=lambda i: (i.order, i.key))


def panels_for(user) -> list[Panel]:
    return sorted((p for p in _panels.values() if p.visible_to(user)), key=lambda p: (p.order, p.key))


def panels() -> list[Panel]:
    return sorted(_panels.values(), key=lambda p: (p.order, p.key))


@dataclass(frozen=True)
class BadgeKind:
    """How one kind of status is shown as a badge: the tone of each status (``ok``, ``warn``,
    ``bad``, ``info`` or ``""`` for a plain badge), the words for each status where the app names
    them here (lazy translations; otherwise the template passes the label, usually the model's
    ``get_status_display``), and whether the tone is repeated as a symbol for readers who do not
    see colour."""

    key: str
    tones: dict
    labels: dict | None = None
    default: str = "info"
    symbols: bool = False


BADGE_SYMBOLS = {"ok": "✔", "bad": "!"}

_badge_kinds: dict[str, BadgeKind] = {}


def register_badge_kind(kind: BadgeKind) -> None:
    """A kind of status shown by ``{% status_badge kind status %}`` (core/templatetags/status.py)."""
    _badge_kinds[kind.key] = kind


def badge_kind(key: str) -> BadgeKind:
    """The registered kind (KeyError for a typo: a badge never falls back silently)."""
    return _badge_kinds[key]


@dataclass(frozen=True)
class AssignmentConcern:
    """Why an employee should not work a campaign, in words (a translated sentence), from an app that
    knows (compliance: the licence to dial). ``refuse``: the assignment is refused, not just warned."""

    code: str
    message: str
    refuse: bool = False


#: ``check(*, employee, campaign, start, end) -> list[AssignmentConcern]``; registered by a higher app.
_assignment_checks: dict[str, Callable[..., list[AssignmentConcern]]] = {}


def register_assignment_check(key: str, check: Callable[..., list[AssignmentConcern]]) -> None:
    """A check ``core.services.campaign_assign`` runs before linking an employee to a campaign (every
    path that assigns goes through that service, so all of them get it)."""
    _assignment_checks[key] = check


def assignment_concerns(*, employee, campaign, start, end) -> list[AssignmentConcern]:
    return [
        concern
        for key in sorted(_assignment_checks)
        for concern in _assignment_checks[key](employee=employee, campaign=campaign, start=start, end=end)
    ]


_audit_actions: dict[str, object] = {}
_AUDIT_VERBS = {"create": _("Created"), "update": _("Changed"), "delete": _("Deleted")}


def register_audit_actions(labels: dict) -> None:
    """Words for audit actions an app records ({code: lazy translation}; from ``AppConfig.ready()``): the audit trail
    and its home card show these, the code stays beside them for filtering and in exports."""
    _audit_actions.update(labels)


def audit_action_label(code: str) -> str:
    """The words for an audit action in the reader's language. A CMS editor's ``<model>.create|update|delete``
    (core/admin_viewsets.py) reads as the verb and the model's name; an unknown code is returned as it is."""
    if code in _audit_actions:
        return str(_audit_actions[code])
    model_name, _dot, verb = code.rpartition(".")
    if verb in _AUDIT_VERBS and model_name:
        model = next((m for m in django_apps.get_models() if m._meta.model_name == model_name), None)
        if model is not None:
            return f"{_AUDIT_VERBS[verb]}: {model._meta.verbose_name}"
    return code


def audit_actions() -> dict[str, object]:
    return dict(_audit_actions)
