"""Registries that higher apps fill so that lower ones can show them without importing them.

The site navigation (core's base.html) and the "My work" dashboard (accounts) list what
apps above them register, in the order each entry names. An app registers in its
AppConfig.ready():

    from himoya.core import registry

    registry.register_nav_link("cases/_nav_link.html", order=10)
    registry.register_dashboard_panel(
        "cases", panel=case_panel, order=10, roles=(Role.CASEWORKER, Role.SUPERVISOR)
    )

A nav link's template renders the link, or nothing for a user who has no use for it.
A dashboard panel's `panel(user)` returns a `Panel` (a title, its tiles and a few
links) or None to hide it; with `roles`, it is asked only for users who hold one of them.
The tile is the dashboard's unit: a count, what it counts, and a link to the list
filtered to exactly those rows (core/components/tile.html draws it). A panel builds its
tiles from a few aggregate queries, never one per row. Registering the same name again
replaces its entry.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from himoya.core.roles import Role

TONES = ("", "red", "amber", "green", "blue", "grey")


@dataclass(frozen=True)
class NavLink:
    template: str
    order: int


@dataclass(frozen=True)
class Tile:
    """One count on the dashboard. `key` names it for code and tests; `href` is the list
    filtered to exactly the rows counted; `hint` a short note ("oldest: 3 days");
    `tone` one of TONES (red: overdue or urgent)."""

    key: str
    count: int
    label: str
    href: str
    hint: str = ""
    tone: str = ""

    def __post_init__(self):
        if self.tone not in TONES:
            raise ValueError(f"unknown tile tone {self.tone!r}")


@dataclass(frozen=True)
class Link:
    label: str
    href: str


@dataclass(frozen=True)
class Panel:
    """What a dashboard panel shows: a title, its tiles and links (e.g. "New case")."""

    title: str
    tiles: tuple[Tile, ...]
    links: tuple[Link, ...] = ()

    def tile(self, key: str) -> Tile | None:
        return next((tile for tile in self.tiles if tile.key == key), None)


@dataclass(frozen=True)
class DashboardPanel:
    name: str
    panel: Callable
    order: int
    roles: frozenset[Role] = frozenset()


_nav_links: dict[str, NavLink] = {}
_dashboard_panels: dict[str, DashboardPanel] = {}


def register_nav_link(template: str, *, order: int) -> None:
    """Show `template` in the site navigation of signed-in users, at `order`."""
    _nav_links[template] = NavLink(template, order)


def nav_links() -> list[NavLink]:
    return sorted(_nav_links.values(), key=lambda link: (link.order, link.template))


def register_dashboard_panel(
    name: str,
    *,
    panel: Callable,
    order: int,
    roles: Iterable[Role] = (),
) -> None:
    """Show panel(user) (a Panel, or None) on the "My work" dashboard, at `order`."""
    _dashboard_panels[name] = DashboardPanel(name, panel, order, frozenset(roles))


def dashboard_panels() -> list[DashboardPanel]:
    return sorted(_dashboard_panels.values(), key=lambda panel: (panel.order, panel.name))
