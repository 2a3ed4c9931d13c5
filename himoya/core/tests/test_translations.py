"""Every user-visible string is translated into Tajik and Russian, and every language works.

Each app keeps its own catalog in himoya/<app>/locale/{tg,ru}/LC_MESSAGES/django.po. The
catalogs are checked three ways: no empty or fuzzy entry; no string in the code that is
missing from the catalog (found by running makemessages on a temporary copy of the app, the
same command the developers run); and no app with translatable strings but no catalog.
"""

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings

PACKAGE_DIR = Path(settings.PACKAGE_DIR)
PROJECT_DIR = PACKAGE_DIR.parent
CATALOG_LANGUAGES = ("tg", "ru")


def app_dirs() -> list[Path]:
    return sorted(p.parent for p in PACKAGE_DIR.glob("*/apps.py"))


def catalogs() -> list[Path]:
    return sorted(PACKAGE_DIR.glob("**/locale/*/LC_MESSAGES/django.po"))


def entry_key(entry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def describe(entry) -> str:
    where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
    context = f" [{entry.msgctxt}]" if entry.msgctxt else ""
    return f"{entry.msgid!r}{context} ({where})"


@pytest.mark.parametrize("po_path", catalogs(), ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_catalog_has_no_empty_or_fuzzy_entry(po_path):
    catalog = polib.pofile(str(po_path))
    plural_count = int(catalog.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
    problems = []
    for entry in catalog:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {describe(entry)}")
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            if not forms or any(not text.strip() for text in forms.values()):
                problems.append(f"plural form untranslated: {describe(entry)}")
            elif len(forms) != plural_count:
                # A missing form falls back to another language at run time.
                problems.append(
                    f"{len(forms)} plural forms, the header says {plural_count}: "
                    f"{describe(entry)}"
                )
        elif not entry.msgstr.strip():
            problems.append(f"untranslated: {describe(entry)}")
    assert not problems, f"{po_path}:\n" + "\n".join(problems)


def extract_messages(app_dir: Path, workdir: Path) -> polib.POFile:
    """Run makemessages on a copy of the app with an empty catalog; return what it extracted."""
    copy = workdir / app_dir.name
    shutil.copytree(
        app_dir, copy, ignore=shutil.ignore_patterns("__pycache__", "*.po", "*.mo", "*.pyc")
    )
    (copy / "locale" / "tg" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "HIMOYA_MODE": "test",
        "DJANGO_SETTINGS_MODULE": "himoya.settings",
        "PYTHONPATH": str(PROJECT_DIR),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "tg",
            "--no-obsolete",
            "--no-location",
            "-v",
            "0",
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"makemessages failed in {app_dir.name}: {result.stderr}"
    fresh = copy / "locale" / "tg" / "LC_MESSAGES" / "django.po"
    return polib.pofile(str(fresh)) if fresh.exists() else polib.POFile()


@pytest.mark.slow
@pytest.mark.parametrize("app_dir", app_dirs(), ids=lambda p: p.name)
def test_catalogs_hold_every_string_of_the_app(app_dir, tmp_path):
    extracted = {entry_key(e): e for e in extract_messages(app_dir, tmp_path)}
    if not extracted:
        return
    locale_dir = app_dir / "locale"
    assert locale_dir.is_dir(), (
        f"himoya/{app_dir.name} has {len(extracted)} translatable strings but no locale/ "
        f"directory: run makemessages -l tg -l ru in that folder and translate them"
    )
    for language in CATALOG_LANGUAGES:
        po_path = locale_dir / language / "LC_MESSAGES" / "django.po"
        assert po_path.exists(), f"{po_path} is missing"
        have = {entry_key(e) for e in polib.pofile(str(po_path)) if not e.obsolete}
        missing = sorted(set(extracted) - have)
        assert not missing, (
            f"{po_path} lacks {len(missing)} string(s) used in the code; run makemessages "
            "and translate them:\n" + "\n".join(repr(m[1]) for m in missing[:30])
        )


class _PageLanguage(HTMLParser):
    """The <html lang> of a page and the language switcher's links."""

    def __init__(self):
        super().__init__()
        self.lang = None
        self.switcher_links: list[tuple[str, str]] = []
        self._nav_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html" and self.lang is None:
            self.lang = attrs.get("lang")
        if tag == "nav" and "languages" in (attrs.get("class") or "").split():
            self._nav_depth = 1
        elif tag == "nav" and self._nav_depth:
            self._nav_depth += 1
        if tag == "a" and self._nav_depth and attrs.get("hreflang"):
            self.switcher_links.append((attrs["hreflang"], attrs.get("href", "")))

    def handle_endtag(self, tag):
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1


def parse_page(response) -> _PageLanguage:
    parser = _PageLanguage()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.django_db
@pytest.mark.parametrize("path, lang", [("/", "tg"), ("/ru/", "ru"), ("/en/", "en")])
def test_home_page_renders_in_each_language(client, path, lang):
    response = client.get(path)
    assert response.status_code == 200
    assert parse_page(response).lang == lang


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/ru/", "/en/", "/find-help/", "/accounts/login/"])
def test_every_switcher_link_opens_the_page_in_its_language(client, path):
    page = parse_page(client.get(path))
    codes = [code for code, _href in page.switcher_links]
    assert sorted(codes) == ["en", "ru", "tg"], f"switcher on {path} offers {codes}"
    for code, href in page.switcher_links:
        response = client.get(href)
        assert response.status_code == 200, f"{href} (from {path}) gave {response.status_code}"
        assert parse_page(response).lang == code, f"{href} is not in {code}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/xx/", "/xx/find-help/", "/zz-latn/"])
def test_unknown_language_prefix_is_a_friendly_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert parse_page(response).lang in {code for code, _name in settings.LANGUAGES}
