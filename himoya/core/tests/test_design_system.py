"""The design system's pieces that can break: the error summary's links, the error pages,
the app icons and manifest, the style guide's sign-in and the print stylesheet."""

import json
import re
import struct
from html.parser import HTMLParser

from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.templatetags.static import static
from django.test import RequestFactory, SimpleTestCase, TestCase
from django.utils import translation

from himoya.accounts.tests.factories import UserFactory
from himoya.core import views
from himoya.core.forms import StyleguideSampleForm
from himoya.testing import sign_in_client


class _Page(HTMLParser):
    """Ids on the page, the error summary's links and texts, and links by their text."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.summary_links: list[str] = []
        self.summary_depth = 0
        self.summary_text: list[str] = []
        self.summaries = 0
        self.depth = 0
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag in ("br", "input", "img", "meta", "link", "hr"):
            return
        self.depth += 1
        if "error-summary" in (attrs.get("class") or "").split():
            self.summaries += 1
            self.summary_depth = self.depth
        elif self.summary_depth and tag == "a":
            self.summary_links.append(attrs.get("href", ""))

    def handle_endtag(self, tag):
        if tag in ("br", "input", "img", "meta", "link", "hr"):
            return
        if self.depth == self.summary_depth:
            self.summary_depth = 0
        self.depth -= 1

    def handle_data(self, data):
        if self.summary_depth and data.strip():
            self.summary_text.append(data.strip())


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


class _PrefixedForm(forms.Form):
    when = forms.SplitDateTimeField(label="When")
    kinds = forms.MultipleChoiceField(
        label="Kinds", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    token = forms.CharField(widget=forms.HiddenInput)


class ErrorSummaryTests(SimpleTestCase):
    def render(self, source: str, form) -> _Page:
        with translation.override("en"):
            return parse(Template(source).render(Context({"form": form})))

    def test_a_whole_form_gets_the_summary_with_a_link_to_each_field(self):
        for source in ("{{ form }}", "{{ form.as_div }}"):
            page = self.render(source, StyleguideSampleForm.with_errors())
            self.assertEqual(page.summaries, 1, source)
            self.assertEqual(page.summary_links, ["#id_name", "#id_district"], source)
            # Each link lands on an element of the page: the input, the radio group.
            self.assertTrue({"id_name", "id_district"} <= page.ids, page.ids)
            text = " ".join(page.summary_text)
            self.assertIn("There is a problem", text)
            self.assertIn("Made-up error about the form as a whole.", text)
            self.assertIn("Name: This field is required.", text)

    def test_the_form_errors_are_not_listed_twice(self):
        with translation.override("en"):
            form = StyleguideSampleForm.with_errors()
            html = Template("{{ form }}").render(Context({"form": form}))
        self.assertEqual(html.count("Made-up error about the form as a whole."), 1)

    def test_no_summary_without_errors(self):
        page = self.render(
            "{{ form }}", StyleguideSampleForm(data={"name": "A", "district": "hisor"})
        )
        self.assertEqual(page.summaries, 0)
        page = self.render("{{ form }}", StyleguideSampleForm())
        self.assertEqual(page.summaries, 0)

    def test_prefixed_multi_part_and_hidden_fields(self):
        form = _PrefixedForm(data={}, prefix="sub")
        form.is_valid()
        source = (
            '{% include "core/components/error_summary.html" with form=form %}'
            "{% for field in form %}{{ field.as_field_group }}{% endfor %}"
        )
        page = self.render(source, form)
        # A date-and-time pair links to its first input; a checkbox group to its wrapper.
        self.assertEqual(page.summary_links, ["#id_sub-when_0", "#id_sub-kinds"])
        self.assertTrue({"id_sub-when_0", "id_sub-kinds"} <= page.ids, page.ids)
        # The hidden field's error is listed, as text: there is nothing to move to.
        self.assertEqual(len(page.summary_text), 4, page.summary_text)


class ErrorSummaryOnPagesTests(TestCase):
    def test_a_page_rendering_fields_one_by_one_links_to_them(self):
        # The platform admin's "add an organisation" page renders its fields one by one.
        sign_in_client(self.client, UserFactory(username="root", is_superuser=True))
        response = self.client.post("/en/accounts/platform/organisations/new/", {})
        self.assertEqual(response.status_code, 400)
        page = parse(response.content.decode())
        self.assertEqual(page.summaries, 1)
        self.assertGreater(len(page.summary_links), 2)
        for link in page.summary_links:
            self.assertIn(link.removeprefix("#"), page.ids, link)

    def test_the_sign_in_form_shows_its_error_in_the_summary(self):
        response = self.client.post(
            "/en/accounts/login/", {"username": "nobody", "password": "wrong"}
        )
        page = parse(response.content.decode())
        self.assertEqual(page.summaries, 1)
        self.assertIn("There is a problem", page.summary_text)


STAFF_LINKS = ("/accounts/logout/", "/cases/", "/referrals/", "/hotline/", "/audit/")


class ErrorPageTests(TestCase):
    def assert_error_page(self, html: str, language: str):
        self.assertIn(f'<html lang="{language}">', html)
        self.assertIn('id="quick-exit"', html)
        self.assertIn(f'href="{settings.HIMOYA_QUICK_EXIT_URL}"', html)
        self.assertIn('class="error-page"', html)
        self.assertIn(static("himoya/himoya.css"), html)
        hrefs = parse(html).hrefs
        for link in STAFF_LINKS:
            self.assertFalse([h for h in hrefs if link in h], f"{link} on an error page")

    def test_404_in_three_languages(self):
        for language, prefix in (("tg", ""), ("ru", "/ru"), ("en", "/en")):
            with self.subTest(language):
                response = self.client.get(f"{prefix}/no-such-page/")
                self.assertEqual(response.status_code, 404)
                html = response.content.decode()
                self.assert_error_page(html, language)
                with translation.override(language):
                    self.assertIn(str(translation.gettext("Page not found")), html)

    def test_403_400_and_500_in_three_languages(self):
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        for language in ("tg", "ru", "en"):
            with translation.override(language):
                for handler, status, title in (
                    (views.forbidden, 403, "Not allowed"),
                    (views.bad_request, 400, "Bad request"),
                    (views.server_error, 500, "Something went wrong"),
                ):
                    with self.subTest(language=language, status=status):
                        args = (request,) if status == 500 else (request, None)
                        response = handler(*args)
                        self.assertEqual(response.status_code, status)
                        html = response.content.decode()
                        self.assert_error_page(html, language)
                        self.assertIn(translation.gettext(title), html)
                        if language != "en":
                            self.assertNotIn(title, html)

    def test_a_signed_in_visitor_sees_no_staff_menu_on_the_500_page(self):
        request = RequestFactory().get("/en/cases/")
        request.user = UserFactory(username="staffer")
        with translation.override("en"):
            html = views.server_error(request).content.decode()
        self.assert_error_page(html, "en")
        self.assertNotIn("Sign out", html)


class ServerErrorWithoutDatabaseTests(SimpleTestCase):
    """SimpleTestCase refuses every database query: the 500 page must make none."""

    def test_the_500_page_needs_no_database_nor_user(self):
        request = RequestFactory().get("/ru/cases/1/")  # no request.user, no session
        with translation.override("ru"):
            response = views.server_error(request)
        html = response.content.decode()
        self.assertEqual(response.status_code, 500)
        self.assertIn('id="quick-exit"', html)
        self.assertIn("Что-то пошло не так", html)
        self.assertIn('class="error-page"', html)  # the designed page, not the bare fallback


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


class IconAndManifestTests(TestCase):
    ICONS = {
        "himoya/icons/favicon-16.png": 16,
        "himoya/icons/favicon-32.png": 32,
        "himoya/icons/apple-touch-icon.png": 180,
        "himoya/icons/icon-192.png": 192,
        "himoya/icons/icon-512.png": 512,
        "himoya/icons/icon-maskable-512.png": 512,
    }

    def test_icons_are_pngs_of_their_size_and_served(self):
        for path, size in self.ICONS.items():
            with self.subTest(path):
                found = finders.find(path)
                self.assertTrue(found, path)
                with open(found, "rb") as f:
                    self.assertEqual(png_size(f.read()), (size, size))
                response = self.client.get(static(path))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], "image/png")

    def test_every_page_links_the_icons_and_the_manifest(self):
        html = self.client.get("/").content.decode()
        for href, rel in (
            (static("himoya/icons/favicon-32.png"), "icon"),
            (static("himoya/icons/favicon-16.png"), "icon"),
            (static("himoya/icons/apple-touch-icon.png"), "apple-touch-icon"),
            (static("himoya/manifest.webmanifest"), "manifest"),
        ):
            self.assertRegex(html, rf'<link rel="{rel}" href="{re.escape(href)}"')

    def test_the_manifest_names_the_app_in_tajik_and_lists_existing_icons(self):
        response = self.client.get(static("himoya/manifest.webmanifest"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("manifest+json", response["Content-Type"])
        manifest = json.loads(b"".join(response.streaming_content).decode())
        self.assertEqual(manifest["lang"], "tg")
        self.assertEqual(manifest["short_name"], "Ҳимоя")
        # A home-screen icon must not say what the site is for: a survivor's phone
        # may be looked at by the person she is hiding from.
        self.assertEqual(manifest["name"], "Ҳимоя")
        self.assertNotIn("description", manifest)
        self.assertEqual(manifest["start_url"], "/")
        sizes = set()
        for icon in manifest["icons"]:
            path = "himoya/" + icon["src"]  # relative to the manifest's own folder
            self.assertEqual(self.ICONS.get(path), int(icon["sizes"].split("x")[0]), path)
            sizes.add(icon["sizes"])
        self.assertEqual(sizes, {"192x192", "512x512"})
        self.assertIn("maskable", {icon["purpose"] for icon in manifest["icons"]})


class StyleguideTests(TestCase):
    URL = "/en/styleguide/"
    COMPONENTS = (
        'class="page-header"',
        'class="page-actions"',
        'class="summary-list"',
        'class="data-table"',
        "data-label=",
        'class="tag tag--red"',
        'class="tiles"',
        'class="tile__count"',
        'class="panel"',
        'class="error-summary"',
        'class="notice notice--warning"',
        'class="pagination"',
        'class="tabs"',
        'class="checklist"',
        'class="no-print"',
        'class="print-only"',
        'class="page-break"',
    )

    def test_visitors_are_sent_to_sign_in(self):
        for url in ("/styleguide/", self.URL):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302)
            self.assertIn("/accounts/login/", response["Location"])

    def test_any_signed_in_user_sees_every_component_in_their_language(self):
        sign_in_client(self.client, UserFactory(username="anyone"))
        response = self.client.get(self.URL)
        self.assertEqual(response.status_code, 200)
        for marker in self.COMPONENTS:
            self.assertContains(response, marker)
        self.assertContains(response, '<body class="wide ')
        self.assertContains(self.client.get("/ru/styleguide/"), "Руководство по стилю")
        self.assertContains(self.client.get("/styleguide/"), "Дастури услуб")

    def test_it_only_reads(self):
        sign_in_client(self.client, UserFactory(username="anyone"))
        self.assertEqual(self.client.post(self.URL).status_code, 405)


def print_block(css: str) -> str:
    start = css.index("@media print {")
    depth, i = 0, start + len("@media print ")
    while True:
        if css[i] == "{":
            depth += 1
        elif css[i] == "}":
            depth -= 1
            if depth == 0:
                return css[start : i + 1]
        i += 1


def rule_for(block: str, selector: str) -> str:
    """The declarations of the first rule whose selector list holds `selector`."""
    for match in re.finditer(r"([^{}]+)\{([^{}]*)\}", block):
        selectors = [s.strip() for s in match.group(1).split(",")]
        if selector in selectors:
            return match.group(2)
    raise AssertionError(f"no print rule for {selector}")


class PrintStylesheetTests(SimpleTestCase):
    def setUp(self):
        with open(finders.find("himoya/himoya.css"), encoding="utf-8") as f:
            self.css = f.read()
        self.block = print_block(self.css)

    def test_the_shell_does_not_print(self):
        for selector in (
            ".quick-exit",
            ".site-header",
            ".site-nav",
            ".hotline-bar",
            ".site-footer",
            ".languages",
            ".no-print",
            ".skip",
            ".pagination",
        ):
            self.assertIn("display: none !important", rule_for(self.block, selector), selector)

    def test_print_helpers_black_on_white_a4_and_rows_kept_whole(self):
        self.assertIn("display: block !important", rule_for(self.block, ".print-only"))
        self.assertIn("break-before: page", rule_for(self.block, ".page-break"))
        body = rule_for(self.block, "body")
        self.assertIn("background: #fff", body)
        self.assertIn("color: #000", body)
        self.assertIn("text-decoration: none", rule_for(self.block, "a"))
        self.assertIn("break-inside: avoid", rule_for(self.block, "tr"))
        self.assertIn("table-header-group", rule_for(self.block, "thead"))
        self.assertRegex(self.css, r"@page\s*\{[^}]*size:\s*A4")
        # Outside print, print-only content is hidden.
        self.assertIn(
            "display: none", rule_for(self.css[: self.css.index("@media print")], ".print-only")
        )
