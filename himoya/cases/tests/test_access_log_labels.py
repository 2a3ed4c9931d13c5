"""The "who opened this case" table names record kinds in the reader's language."""

from himoya.cases.record_kinds import record_kind_label
from himoya.cases.tests.pages_base import CasePagesTestCase


class AccessLogLabelTests(CasePagesTestCase):
    def test_record_kinds_are_translated_not_raw_keys(self):
        self.sign_in(self.bob)
        self.client.get(self.url("cases:followups", self.case.pk))
        self.client.logout()
        self.sign_in(self.sam)
        response = self.client.get(self.url("cases:detail", self.case.pk, language="tg"))
        self.assertContains(response, "(парванда)")
        self.assertContains(response, "(пайгириҳо)")
        self.assertNotContains(response, "(follow_ups)")
        self.assertNotContains(response, "(case)")

    def test_unknown_kind_is_shown_readably(self):
        self.assertEqual(record_kind_label("something_new"), "something new")
        self.assertEqual(record_kind_label(None), "")
