"""Extension points that apps fill from their AppConfig.ready() (the only wiring point).

Core never imports the other apps: they register here what they add to the shared portal.

    register_nav_item(NavItem(...))           an entry in the main navigation, per role
    register_dashboard_panel(Panel(...))      a card on the role home page
    register_demo_seeder(Seeder(...))         a step of `manage.py seed_demo`
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str  # a lazy translation
    url_name: str
    roles: frozenset[str]
    order: int = 100
    icon: str = ""

    def url(self) -> str:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return ""


@dataclass(frozen=True)
class Panel:
    """A dashboard card. `context` receives (request) and returns the template context, or None to hide."""

    key: str
    template_name: str
    roles: frozenset[str]
    context: Callable[..., dict | None]
    order: int = 100


@dataclass(frozen=True)
class Seeder:
    """A demo-data step. `run(world, stdout)` gets the core demo world (see core.demo.World)."""

    key: str
    run: Callable
    order: int = 100
    depends_on: tuple[str, ...] = field(default_factory=tuple)


_nav: dict[str, NavItem] = {}
_panels: dict[str, Panel] = {}
_seeders: dict[str, Seeder] = {}


def register_nav_item(item: NavItem) -> None:
    _nav[item.key] = item


def register_dashboard_panel(panel: Panel) -> None:
    _panels[panel.key] = panel


def register_demo_seeder(seeder: Seeder) -> None:
    _seeders[seeder.key] = seeder


def nav_items_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    role = "admin" if user.is_superuser else user.role
    return sorted((i for i in _nav.values() if role in i.roles), key=lambda i: (i.order, i.key))


def panels_for(user) -> list[Panel]:
    role = "admin" if user.is_superuser else user.role
    return sorted((p for p in _panels.values() if role in p.roles), key=lambda p: (p.order, p.key))


def demo_seeders() -> list[Seeder]:
    return sorted(_seeders.values(), key=lambda s: (s.order, s.key))


def roles(*names: str | Iterable[str]) -> frozenset[str]:
    out: set[str] = set()
    for name in names:
        out.update([name] if isinstance(name, str) else name)
    return frozenset(out)
