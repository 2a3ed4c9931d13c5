"""Counted phrases in Russian take all of Russian's plural forms (the catalog declares
four): 1 направление, 2 направления, 5 направлений, 21 направление; never the Tajik
fallback of an entry whose forms are missing."""

import datetime
import re

from django.utils import timezone

from himoya.referrals.tests.pages_base import ReferralPagesTestCase

# Letters of Tajik Cyrillic that Russian does not have.
TAJIK_ONLY = re.compile("[ӯҳӣқғҷӮҲӢҚҒҶ]")
REFERRALS = {1: "направление", 2: "направления", 5: "направлений", 21: "направление"}
DAYS = {1: "день", 2: "дня", 5: "дней", 21: "день"}


def main_of(response) -> str:
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


class RussianPluralTests(ReferralPagesTestCase):
    def add_referrals(self, up_to: int):
        """Referrals sent 0, 1, 2, ... days ago, still waiting, until there are `up_to`."""
        now = timezone.now()
        for age in range(self.made, up_to):
            self.make_referral(
                # Whole days back: the same time of day, so the calendar age is `age`.
                sent_at=now - datetime.timedelta(days=age),
                expires_at=now + datetime.timedelta(days=7),
            )
        self.made = up_to

    def page(self, user, name) -> str:
        self.as_user(user)
        response = self.client.get(self.url(name, language="ru"))
        self.assertEqual(response.status_code, 200)
        return main_of(response)

    def test_inbox_and_sent_list_with_1_2_5_and_21_referrals(self):
        self.made = 0
        for count, word in REFERRALS.items():
            self.add_referrals(count)
            with self.subTest(count=count):
                inbox = self.page(self.lena, "referrals:inbox")
                sent = self.page(self.bob, "referrals:sent")
                self.assertIn(f"{count} {word}, сначала самые срочные", inbox)
                self.assertIn(f"{count} {word}, сначала новые", sent)
                # The age column: the newest is 0 days old, the oldest count - 1.
                age_cell = '<td data-label="Срок">{}</td>'
                self.assertIn(age_cell.format("0 дней"), inbox)
                for age, day_word in DAYS.items():
                    if age < count:
                        self.assertIn(age_cell.format(f"{age} {day_word}"), inbox)
                for where, text in (("the inbox", inbox), ("the sent list", sent)):
                    self.assertIsNone(
                        TAJIK_ONLY.search(text), f"Tajik in {where}: {TAJIK_ONLY.findall(text)}"
                    )


class RussianWordsTests(ReferralPagesTestCase):
    """Words shared with other apps ("From", "To") carry the referral's context, so the
    audit log's date-range "С"/"По" never wins on a referral page."""

    def test_from_and_to_name_organisations(self):
        self.made = 0
        self.make_referral()
        self.as_user(self.lena)
        inbox = main_of(self.client.get(self.url("referrals:inbox", language="ru")))
        self.assertIn("От кого", inbox)
        self.as_user(self.bob)
        sent = main_of(self.client.get(self.url("referrals:sent", language="ru")))
        self.assertIn("Кому", sent)
        self.assertNotIn(">По<", sent)

    def test_how_long_after_sending_reads_as_russian(self):
        self.made = 0
        sent_at = timezone.now() - datetime.timedelta(days=1)
        quick = self.make_referral(
            status="accepted", sent_at=sent_at, accepted_at=sent_at + datetime.timedelta(minutes=20)
        )
        slow = self.make_referral(
            status="accepted", sent_at=sent_at, accepted_at=sent_at + datetime.timedelta(hours=5)
        )
        self.as_user(self.bob)
        for referral, phrase in ((quick, "(в течение часа)"), (slow, "(через 5 часов)")):
            page = main_of(self.client.get(self.url("referrals:detail", referral.pk, language="ru")))
            self.assertIn(phrase, page)
            self.assertNotIn("через меньше", page)
