"""Full-page screenshots of the main pages with the demo data, at 360 and 1280 px.

The case page, the referral inbox, the case list, the caseworker's and the supervisor's
dashboards, and find-help (public, a district with results), in Tajik (and, on request,
Russian and English). They show a change of design side by side: take a set before and
one after, with the same demo data (the demo builds it from seeded generators).

    make screenshots                       # starts a demo on port 8199, writes var/screenshots/pages/
    make screenshots SCREENSHOTS=/tmp/before
    .venv/bin/python -m tests.screenshots --base-url http://127.0.0.1:8105 --out /tmp/before
    .venv/bin/python -m tests.screenshots --languages tg ru en

With --base-url the demo must already run from this work tree (`himoya demo --bind ...`):
the script opens the same demo database to sign the demo users in (a session row, as
Django's test client makes it; the demo asks for no second factor), so it needs no
password. Without --base-url it runs `himoya demo` itself and stops it afterwards.
"""

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = {"360": {"width": 360, "height": 740}, "1280": {"width": 1280, "height": 800}}
PREFIXES = {"tg": "", "ru": "/ru", "en": "/en"}
FIND_HELP_DISTRICT = "sino"


def _setup_django() -> None:
    os.environ.setdefault("HIMOYA_MODE", "demo")
    os.environ.setdefault("HIMOYA_REQUIRE_2FA", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "himoya.settings")
    import django

    django.setup()


def _session_cookie(username: str) -> str:
    """A signed-in session of a demo user, written to the demo database."""
    from django.test import Client

    from himoya.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    from django.conf import settings

    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _showcase_case():
    """An open case of caseworker.ku with the most on record (services, actions,
    follow-ups), so the case page has something to show; the lowest id breaks ties."""
    from django.db.models import Count

    from himoya.cases.models import Case, CaseStatus

    return (
        Case.objects.filter(caseworker__username="caseworker.ku")
        .exclude(status=CaseStatus.CLOSED)
        .annotate(
            records=Count("services", distinct=True)
            + Count("actions", distinct=True)
            + Count("follow_ups", distinct=True)
        )
        .order_by("-records", "pk")
        .first()
    )


def shots() -> list[tuple[str, str | None, str]]:
    """(name, demo user or None for the public, path) of every page to take."""
    case = _showcase_case()
    return [
        ("case-page", "caseworker.ku", f"/cases/{case.pk}/"),
        ("referral-inbox", "supervisor.ku", "/referrals/?status=all"),
        ("case-list", "supervisor.ku", "/cases/"),
        ("dashboard-caseworker", "caseworker.ku", "/accounts/"),
        ("dashboard-supervisor", "supervisor.ku", "/accounts/"),
        ("find-help", None, f"/find-help/?district={FIND_HELP_DISTRICT}"),
    ]


def take(base_url: str, out: Path, languages: list[str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from himoya.core.tests.browser import CHROMIUM_ARGS, CHROMIUM_PATH

    out.mkdir(parents=True, exist_ok=True)
    pages = shots()
    cookies = {user: _session_cookie(user) for _name, user, _path in pages if user}
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
        for width, viewport in WIDTHS.items():
            for user in [None, *cookies]:
                context = browser.new_context(
                    viewport=viewport,
                    device_scale_factor=1,
                    is_mobile=width == "360",
                    has_touch=width == "360",
                )
                if user:
                    context.add_cookies(
                        [{"name": "sessionid", "value": cookies[user], "url": base_url}]
                    )
                page = context.new_page()
                for name, page_user, path in pages:
                    if page_user != user:
                        continue
                    for language in languages:
                        page.goto(f"{base_url}{PREFIXES[language]}{path}")
                        page.wait_for_load_state("networkidle")
                        suffix = "" if language == "tg" else f"-{language}"
                        target = out / f"{name}-{width}{suffix}.png"
                        page.screenshot(path=str(target), full_page=True)
                        written.append(target)
                context.close()
        browser.close()
    return written


def _wait_for(url: str, process: subprocess.Popen, seconds: int = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"screenshots: the demo server stopped (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):  # noqa: S310 (our own demo)
                return
        except OSError:
            time.sleep(1)
    sys.exit(f"screenshots: the demo did not answer at {url} within {seconds} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", help="a demo already running from this work tree")
    parser.add_argument("--port", type=int, default=8199, help="port of the demo started")
    parser.add_argument("--out", default=str(ROOT / "var" / "screenshots" / "pages"))
    parser.add_argument("--languages", nargs="+", choices=list(PREFIXES), default=["tg"])
    args = parser.parse_args(argv)

    server = None
    base_url = (args.base_url or "").rstrip("/")
    if not base_url:
        base_url = f"http://127.0.0.1:{args.port}"
        himoya = Path(sys.executable).parent / "himoya"
        server = subprocess.Popen(  # noqa: S603 (our own command)
            [str(himoya), "demo", "--bind", f"127.0.0.1:{args.port}"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
    try:
        if server:
            _wait_for(base_url, server)
        _setup_django()
        written = take(base_url, Path(args.out), args.languages)
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
