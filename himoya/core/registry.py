"""Registries that higher apps fill so that lower ones can show them without importing them.

The site navigation (core's base.html) and the "My work" dashboard (accounts) list what
apps above them register, in the order each entry names. An app registers in its
AppConfig.ready():

    from himoya.core import registry

    registry.register_nav_link("cases/_nav_link.html", order=10)
    registry.register_dashboard_panel(
        "cases/_dashboard_work.html", name="case_work", counts=work_counts, order=10,
        roles=(Role.CASEWORKER, Role.SUPERVISOR),
    )

A nav link's template renders the link, or nothing for a user who has no use for it.
A dashboard panel's `counts(user)` returns what its template shows, or None to hide the
panel; the template reads it under `name`. With `roles`, the panel shows only to users
who hold one of them. Registering the same template again replaces its entry.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from himoya.core.roles import Role


@dataclass(frozen=True)
class NavLink:
    template: str
    order: int


@dataclass(frozen=True)
class DashboardPanel:
    template: str
    name: str
    counts: Callable
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
    template: str,
    *,
    name: str,
    counts: Callable,
    order: int,
    roles: Iterable[Role] = (),
) -> None:
    """Show `template` on the "My work" dashboard, at `order`, with counts(user) as `name`."""
    _dashboard_panels[template] = DashboardPanel(template, name, counts, order, frozenset(roles))


def dashboard_panels() -> list[DashboardPanel]:
    return sorted(_dashboard_panels.values(), key=lambda panel: (panel.order, panel.template))
