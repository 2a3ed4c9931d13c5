"""One date format per language (himoya/formats): pages and messages show 04.12.2026 in
Tajik and Russian and 4 Dec 2026 in English, and no template writes its own format."""

import datetime
import re
from pathlib import Path

from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import formats, timezone, translation

from himoya.accounts.views_signin import locked_message
from himoya.cases.models import Case, Note
from himoya.cases.tests.factories import CaseFactory, NoteFactory
from himoya.referrals.deadlines import deadline_label
from himoya.testing import HimoyaTestCase

HIMOYA = Path(__file__).resolve().parents[2]
MOMENT = timezone.make_aware(datetime.datetime(2026, 12, 4, 14, 5))
EXPECTED = {
    "tg": ("04.12.2026", "04.12.2026 14:05"),
    "ru": ("04.12.2026", "04.12.2026 14:05"),
    "en": ("4 Dec 2026", "4 Dec 2026, 14:05"),
}
# A format written by hand in a template: |date:"..." or |time:"..." with anything but a
# format name (SHORT_DATE_FORMAT, ...) or "c" (ISO 8601, for datetime attributes).
HAND_WRITTEN = re.compile(r"""\|(?:date|time):\s*["'](?![A-Z_]+["']|c["'])([^"']*)["']""")


class FormatModuleTests(SimpleTestCase):
    def test_each_language_has_one_format(self):
        for language, (day, moment) in EXPECTED.items():
            with translation.override(language):
                self.assertEqual(formats.date_format(MOMENT.date(), "SHORT_DATE_FORMAT"), day)
                self.assertEqual(formats.date_format(MOMENT.date(), "DATE_FORMAT"), day)
                local = timezone.localtime(MOMENT)
                self.assertEqual(formats.date_format(local, "SHORT_DATETIME_FORMAT"), moment)
                self.assertEqual(formats.date_format(local, "DATETIME_FORMAT"), moment)
                self.assertNotIn("г.", formats.date_format(local, "YEAR_MONTH_FORMAT"))

    def test_numbers_are_grouped_per_language(self):
        for language, expected in (
            ("tg", "1\xa0234\xa0567"),
            ("ru", "1\xa0234\xa0567"),
            ("en", "1,234,567"),
        ):
            with translation.override(language):
                self.assertEqual(formats.number_format(1234567, force_grouping=True), expected)

    def test_date_inputs_read_and_write_iso(self):
        # <input type=date> needs 2026-12-04 whatever the language.
        for language in EXPECTED:
            with translation.override(language):
                self.assertEqual(formats.get_format("DATE_INPUT_FORMATS")[0], "%Y-%m-%d")

    def test_messages_written_in_python(self):
        end_of_day = timezone.make_aware(datetime.datetime(2026, 12, 5, 0, 0))
        for language, (day, moment) in EXPECTED.items():
            with translation.override(language):
                self.assertIn(day, deadline_label(end_of_day))
                self.assertEqual(deadline_label(MOMENT), moment)
                self.assertIn("14:05", locked_message(MOMENT))

    def test_no_template_writes_its_own_date_format(self):
        found = []
        for path in sorted(HIMOYA.glob("*/templates/**/*.html")) + sorted(
            HIMOYA.glob("*/templates/**/*.txt")
        ):
            for match in HAND_WRITTEN.finditer(path.read_text(encoding="utf-8")):
                found.append(f"{path.relative_to(HIMOYA)}: {match.group(0)}")
        self.assertEqual(
            found, [], "use a format name such as SHORT_DATE_FORMAT:\n" + "\n".join(found)
        )

    def test_the_template_check_can_fail(self):
        self.assertTrue(HAND_WRITTEN.search('{{ when|date:"Y-m-d" }}'))
        self.assertTrue(HAND_WRITTEN.search("{{ when|date:'d.m.Y H:i' }}"))
        self.assertFalse(HAND_WRITTEN.search('{{ when|date:"SHORT_DATE_FORMAT" }}'))
        self.assertFalse(HAND_WRITTEN.search("{{ when|date:'c' }}"))


class PageDateTests(HimoyaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.case = CaseFactory(organisation=cls.alpha, caseworker=cls.bob)
        Case.objects.filter(pk=cls.case.pk).update(opened_at=MOMENT)
        note = NoteFactory(case=cls.case, author=cls.bob)
        Note.objects.filter(pk=note.pk).update(created_at=MOMENT)

    def page(self, name: str, language: str) -> str:
        with translation.override(language):
            url = reverse(name, args=[self.case.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_case_page_and_notes_in_three_languages(self):
        self.sign_in(self.bob)
        for language, (day, moment) in EXPECTED.items():
            self.assertIn(day, self.page("cases:detail", language), language)
            notes = self.page("cases:notes", language)
            self.assertIn(moment, notes, language)
            self.assertNotIn("2026-12-04 14:05", notes)
            self.assertNotIn("12/04/2026", notes)
