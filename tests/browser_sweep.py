"""The browser sweep's data, pages and checks (the tests are in test_browser_sweep.py).

Data: the access walk's (access_walk_base.py: Alpha's case with a record of every kind,
a referral from it to Gamma, a call at Alpha), plus the Isfara legal aid office for
find-help, a directory service and location of Alpha, an API token and a notification.

Pages: every pattern of the project's URL list (walk_urls.url_patterns) but the API,
with its parameters filled in (the walk's records for case pages, Alpha and its
directory records for the others), each fetched as the first of: nobody, bob
(caseworker), sam (supervisor), olga (hotline operator), gita (caseworker at Gamma,
where the referral went), alice (organisation admin),
root (platform superuser), bob between password and second factor, for whom it
answers 200 with an HTML page.

Checks: axe-core (bundled by axe-playwright-python, injected into the page; nothing is
loaded from another host) with serious and critical violations counted, and overflow:
the page may not be wider than the window (document.documentElement.scrollWidth).
"""

from dataclasses import dataclass
from pathlib import Path

from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from himoya.accounts.models import ApiToken
from himoya.accounts.tests.factories import UserFactory
from himoya.core.roles import Role
from himoya.core.tests.browser import make_isfara_legal_aid
from himoya.directory.tests.factories import LocationFactory, ServiceFactory
from himoya.notifications.models import Notification, NotificationKind
from himoya.testing import sign_in_client
from tests import access_walk_base
from tests.walk_urls import PARAMETER, url_patterns

# Patterns not swept: the API (JSON), signing out (it ends the session), and a file
# download (not a page).
NOT_PAGES = ("api/", "accounts/logout/")
NOT_PAGE_PARTS = ("/download/",)
IMPACTS = {"serious", "critical"}
PREFIXES = {"tg": "", "ru": "/ru", "en": "/en"}

AXE_SOURCE = None


def axe_source() -> str:
    global AXE_SOURCE
    if AXE_SOURCE is None:
        import axe_playwright_python

        AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    return AXE_SOURCE


class SweepData(access_walk_base.AccessWalkTestCase):
    """The access walk's records, made in a transactional test (committed, so the live
    server sees them); an instance fills in routes as the walk does."""

    __test__ = False

    def runTest(self):  # an instance needs a method to name; it is never run  # noqa: N802
        raise NotImplementedError

    @classmethod
    def build(cls) -> "SweepData":
        cls.setUpTestData()
        cls.isfara = make_isfara_legal_aid()
        cls.directory_service = ServiceFactory(organisation=cls.alpha)
        cls.location = LocationFactory(organisation=cls.alpha)
        # A caseworker at Gamma, where the walk's referral went: the receiving side.
        cls.gita = UserFactory(
            username="gita",
            organisation=cls.records["referral"].to_organisation,
            role=Role.CASEWORKER,
        )
        cls.token, _secret = ApiToken.issue(cls.bob, "sweep")
        cls.notification = Notification.objects.create(
            user=cls.bob,
            kind=NotificationKind.REFERRAL_ACCEPTED,
            referral=cls.records["referral"],
        )
        return cls()

    def visitors(self) -> list["Visitor"]:
        """Who asks for each page, in this order (the first answered 200 is swept)."""
        return [
            Visitor("nobody", None),
            *(Visitor(user.username, user) for user in (self.bob, self.sam, self.olga)),
            Visitor("gita", self.gita),
            Visitor("alice", self.alice),
            Visitor("root", self.root),
            # Signed in with the password, the second factor still to come: the verify page.
            Visitor("bob (second factor pending)", self.bob, verified=False),
        ]

    def fill_route(self, route: str) -> str:
        """The path of a route with its parameters filled in."""
        if "<slug:slug>/services/<int:pk>" in route:
            route = route.replace("<int:pk>", str(self.directory_service.pk))
        elif "<slug:slug>/locations/<int:pk>" in route:
            route = route.replace("<int:pk>", str(self.location.pk))
        elif route.startswith("services/<int:pk>"):
            route = route.replace("<int:pk>", str(self.isfara["service"].pk))
        elif route.startswith("accounts/tokens/<int:pk>"):
            route = route.replace("<int:pk>", str(self.token.pk))
        route = route.replace("<int:notification_id>", str(self.notification.pk))
        route = route.replace("<int:user_id>", str(self.bob.pk))
        if PARAMETER.search(route):
            route, _names_case = self.fill(route, route)
        return "/" + route


@dataclass(frozen=True)
class Visitor:
    name: str
    user: object  # None: nobody signed in
    verified: bool = True

    def sign_in(self, client) -> None:
        """Sign the visitor in on a Django test client (its session cookie serves the
        browser too)."""
        if self.user is None:
            return
        if self.verified:
            sign_in_client(client, self.user)
            return
        if not TOTPDevice.objects.filter(user=self.user, confirmed=True).exists():
            TOTPDevice.objects.create(user=self.user, name="sweep", confirmed=True)
        client.force_login(self.user)


@dataclass
class SweptPage:
    route: str
    path: str
    visitor: Visitor

    @property
    def who(self) -> str:
        return self.visitor.name


def sweep_pages(data: SweepData) -> tuple[list[SweptPage], list[str]]:
    """(the pages to sweep, each with the first user it answers 200 for; the routes no
    user reached). The answers are asked of Django's test client, in Tajik."""
    clients = {}
    for visitor in data.visitors():
        clients[visitor] = Client(raise_request_exception=False)
        visitor.sign_in(clients[visitor])
    pages, unreached = [], []
    with translation.override("tg"):
        routes = [route for route, _pattern in url_patterns()]
    for route in routes:
        if route.startswith(NOT_PAGES) or any(part in route for part in NOT_PAGE_PARTS):
            continue
        path = data.fill_route(route)
        for visitor, client in clients.items():
            response = client.get(path)
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                pages.append(SweptPage(route, path, visitor))
                break
        else:
            unreached.append(route)
    return pages, unreached


def main_pages(data: SweepData) -> list[SweptPage]:
    """The public pages and the main staff pages, checked in all three languages."""
    case, referral = data.case.pk, data.records["referral"].pk
    office = data.isfara["office"].slug
    service = data.isfara["service"].pk
    nobody, bob, sam, olga, gita = data.visitors()[:5]
    return [
        SweptPage("", "/", nobody),
        SweptPage("find-help/", "/find-help/", nobody),
        SweptPage("find-help/ (Isfara)", "/find-help/?district=isfara", nobody),
        SweptPage("organisations/", "/organisations/", nobody),
        SweptPage("organisations/<slug:slug>/", f"/organisations/{office}/", nobody),
        SweptPage("services/<int:pk>/", f"/services/{service}/", nobody),
        SweptPage("accounts/login/", "/accounts/login/", nobody),
        SweptPage("accounts/ (caseworker)", "/accounts/", bob),
        SweptPage("accounts/ (supervisor)", "/accounts/", sam),
        SweptPage("cases/", "/cases/", bob),
        SweptPage("cases/<int:case_id>/", f"/cases/{case}/", bob),
        SweptPage("cases/new/", "/cases/new/", bob),
        SweptPage("referrals/ (inbox)", "/referrals/?status=all", gita),
        SweptPage("referrals/<int:referral_id>/ (received)", f"/referrals/{referral}/", gita),
        SweptPage("referrals/<int:referral_id>/ (sent)", f"/referrals/{referral}/", bob),
        SweptPage("hotline/", "/hotline/", olga),
    ]


# ---- in the browser ----

OVERFLOW_SCRIPT = """(width) => {
    const doc = document.documentElement;
    const limit = Math.min(width, window.innerWidth);
    if (doc.scrollWidth <= limit) return null;
    const clipped = (el) => {
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            if (getComputedStyle(up).overflowX !== 'visible') return true;
        }
        return false;
    };
    const describe = (el) => {
        let name = el.tagName.toLowerCase();
        if (el.id) name += '#' + el.id;
        if (typeof el.className === 'string' && el.className.trim())
            name += '.' + el.className.trim().split(/\\s+/).join('.');
        const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
        return name + ' (right edge ' + Math.round(el.getBoundingClientRect().right) + ' px'
            + (text ? ', "' + text + '"' : '') + ')';
    };
    const wide = [...document.body.querySelectorAll('*')]
        .filter((el) => el.getBoundingClientRect().right > limit + 0.5 && !clipped(el))
        .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right);
    // The innermost of the widest: the element that pushes, not its containers.
    const widest = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)
        && other.getBoundingClientRect().right >= el.getBoundingClientRect().right));
    return {scrollWidth: doc.scrollWidth, limit: limit,
            widest: (widest.length ? widest : wide).slice(0, 3).map(describe)};
}"""

AXE_RUN = """async () => {
    const results = await axe.run(document, {resultTypes: ['violations']});
    return results.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({target: n.target.join(' '),
                                    html: n.html.replace(/\\s+/g, ' ').slice(0, 160)})),
    }));
}"""


def overflow(page, width: int) -> str | None:
    """A line saying how the page overflows the window, or None."""
    found = page.evaluate(OVERFLOW_SCRIPT, width)
    if found is None:
        return None
    return f"scrollWidth {found['scrollWidth']} > {found['limit']}; widest: " + "; ".join(
        found["widest"]
    )


def axe_violations(page) -> list[str]:
    """Lines for each serious or critical axe-core violation on the page: rule, nodes."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    lines = []
    for violation in page.evaluate(AXE_RUN):
        if violation["impact"] not in IMPACTS:
            continue
        lines.append(f"  {violation['impact']} {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}  {node['html']}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more")
    return lines
