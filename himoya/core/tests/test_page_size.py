"""Public pages stay small and load nothing from another host.

Users open Himoya on old phones over slow connections, and may be cut off from the wider
internet: each public page, with every same-origin asset it references (CSS, JS, icons, and
what the CSS itself pulls in), must stay under 100 KB, counted uncompressed so that the
limit holds even where no proxy compresses. The sizes are printed and written to
var/page-sizes.txt for the release notes.
"""

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from himoya.core.tests.browser import make_isfara_legal_aid

LIMIT_BYTES = 100_000
TEST_HOST = "testserver"
# rel values whose href the browser fetches while loading the page.
FETCHED_LINK_RELS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "manifest"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


class _References(HTMLParser):
    """Assets a page makes the browser fetch, and every src/href that points off-site."""

    def __init__(self):
        super().__init__()
        self.assets: list[str] = []
        self.foreign: list[str] = []
        self.quick_exit_href = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "srcset", "poster", "data"):
            if attrs.get(name):
                url = attrs[name].split()[0]
                self._note(tag, url, fetched=True)
        if tag == "link" and attrs.get("href"):
            rels = set((attrs.get("rel") or "").lower().split())
            # Alternate-language links are navigations, like anchors.
            self._note(tag, attrs["href"], fetched=bool(rels & FETCHED_LINK_RELS))
        if tag == "a" and attrs.get("id") == "quick-exit":
            self.quick_exit_href = attrs.get("href")
        if tag == "form" and attrs.get("action"):
            self._note(tag, attrs["action"], fetched=False)
        style = attrs.get("style") or ""
        for match in CSS_URL.finditer(style):
            self._note(tag, match.group(1) or match.group(2), fetched=True)

    def _note(self, tag, url, fetched):
        if url.startswith("data:"):
            return
        parts = urlsplit(url)
        if (parts.scheme or parts.netloc) and parts.netloc != TEST_HOST:
            self.foreign.append(f"<{tag}> {url}")
            return
        if fetched:
            self.assets.append(url)


def static_file(url: str) -> Path:
    path = urlsplit(url).path
    assert path.startswith(settings.STATIC_URL), f"same-origin asset outside static: {url}"
    found = finders.find(path[len(settings.STATIC_URL) :])
    assert found, f"{url} is referenced but no static file serves it"
    return Path(found)


def asset_closure(page_url: str, refs: list[str]) -> dict[str, bytes]:
    """Every asset the page fetches, following url() and @import inside stylesheets."""
    pending = [urljoin(page_url, ref) for ref in refs]
    seen: dict[str, bytes] = {}
    while pending:
        url = urlsplit(pending.pop())._replace(query="", fragment="").geturl()
        if url in seen:
            continue
        body = static_file(url).read_bytes()
        seen[url] = body
        if url.endswith(".css"):
            for match in CSS_URL.finditer(body.decode()):
                ref = match.group(1) or match.group(2)
                parts = urlsplit(ref)
                assert not (parts.scheme and parts.scheme != "data") and not parts.netloc, (
                    f"{url} loads {ref} from another host"
                )
                if not ref.startswith("data:"):
                    pending.append(urljoin(url, ref))
    return seen


def public_pages(objects) -> dict[str, str]:
    find_help = reverse("directory:find_help") + "?district=isfara&need=legal"
    return {
        "home": reverse("directory:home"),
        "find help: Isfara, legal": find_help,
        "organisation": reverse("directory:organisation", args=[objects["office"].slug]),
        "service": reverse("directory:service", args=[objects["service"].pk]),
        "organisation list": reverse("directory:organisations"),
        "sign-in": reverse("accounts:login"),
    }


def gzipped_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=9))


@pytest.mark.django_db
def test_public_pages_are_small_and_self_hosted(client, settings):
    settings.HIMOYA_QUICK_EXIT_URL = "https://neutral.example/weather"
    objects = make_isfara_legal_aid()
    rows, problems = [], []
    for label, path in public_pages(objects).items():
        response = client.get(path)
        assert response.status_code == 200, f"{label} ({path}) gave {response.status_code}"
        html = response.content
        refs = _References()
        refs.feed(html.decode())
        problems += [f"{label}: references another host: {ref}" for ref in refs.foreign]
        if refs.quick_exit_href != settings.HIMOYA_QUICK_EXIT_URL:
            problems.append(f"{label}: no quick-exit link to the neutral page")
        assets = asset_closure(f"http://{TEST_HOST}{path}", refs.assets)
        total = len(html) + sum(len(body) for body in assets.values())
        total_gz = gzipped_size(html) + sum(gzipped_size(body) for body in assets.values())
        rows.append((label, path, len(html), len(assets), total, total_gz))
        if total >= LIMIT_BYTES:
            problems.append(f"{label}: {total} bytes with its assets, limit {LIMIT_BYTES}")

    report = format_report(rows)
    print("\n" + report)
    out = Path(settings.VAR_DIR) / "page-sizes.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report + "\n")
    assert not problems, "\n".join(problems)


def format_report(rows) -> str:
    lines = [
        "Public page sizes (HTML plus every same-origin asset it loads)",
        f"{'page':<26} {'html B':>8} {'assets':>6} {'total B':>9} {'gzip B':>8}  path",
    ]
    for label, path, html, count, total, total_gz in rows:
        lines.append(f"{label:<26} {html:>8} {count:>6} {total:>9} {total_gz:>8}  {path}")
    lines.append(f"limit: {LIMIT_BYTES} bytes per page, uncompressed")
    return "\n".join(lines)
