"""What the apps above cases add to a case, registered in their AppConfig.ready().

cases sits below the apps that hang records off a case (incidents, ...) and never imports
them; they hook in here instead (their pages under /cases/<case_id>/ are wired at the
top, in himoya/urls.py):

- register_case_panel(CasePanel(...)): a part of the case page (himoya.cases.views.case).
  A panel's template is included at its place with the page's context (case, can_write,
  new, request, ...) and `data`, what the panel's own `data(request, case)` returns (what
  the panel shows, for this viewer).
"""

from collections.abc import Callable
from dataclasses import dataclass

# Where a panel goes on the case page: "next_step" under the title (what to do next, for
# a case just opened), "records" after the closure request (the records of the case),
# "after_consent" after the client's consents (what was done with them: referrals).
PANEL_PLACES = ("next_step", "records", "after_consent")


def _no_data(request, case) -> dict:
    return {}


@dataclass(frozen=True)
class CasePanel:
    place: str
    template: str
    data: Callable[..., dict] = _no_data

    def __post_init__(self):
        if self.place not in PANEL_PLACES:
            raise ValueError(f"a case panel goes in one of {PANEL_PLACES}, not {self.place!r}")


_panels: list[CasePanel] = []


def register_case_panel(panel: CasePanel) -> None:
    if panel not in _panels:
        _panels.append(panel)


def case_panels(request, case) -> dict[str, list[dict]]:
    """{place: [{"template": ..., "data": ...}]} for the case page, in the order registered."""
    placed: dict[str, list[dict]] = {place: [] for place in PANEL_PLACES}
    for panel in _panels:
        placed[panel.place].append({"template": panel.template, "data": panel.data(request, case)})
    return placed
