"""The printable referral form: same access as the referral's page, only the receiver's
shared view (with room for signatures), and printing is audited like a read."""

from himoya.audit.models import AuditAction, AuditEntry
from himoya.cases.tests.test_api_fixtures import secrets_in
from himoya.clients.consent import withdraw_consent
from himoya.referrals.tests.base import A_ONLY_SECRETS, REFERRAL_MESSAGE
from himoya.referrals.tests.pages_base import ReferralPagesTestCase


class ReferralPrintFormTests(ReferralPagesTestCase):
    def print_entries(self, user):
        return AuditEntry.objects.filter(
            action=AuditAction.RECORD_READ, actor=user, detail__what="referral_print"
        )

    def test_access_is_that_of_the_referral_page(self):
        referral = self.send()
        for user in (self.gina, self.gus):
            response = self.get(user, "referrals:print", referral.pk)
            self.assertEqual(response.status_code, 404, user.username)
        self.assertEqual(self.get(self.lena, "referrals:print", 999999).status_code, 404)
        for user in [*self.wrong_roles(), self.olga]:
            response = self.get(user, "referrals:print", referral.pk)
            self.assertEqual(response.status_code, 403, user.username)
        for user in (self.lena, self.victor, self.bob, self.sam):
            response = self.get(user, "referrals:print", referral.pk)
            self.assertEqual(response.status_code, 200, user.username)

    def test_the_form_holds_the_shared_view_and_room_for_signatures(self):
        referral = self.send()
        response = self.get(self.lena, "referrals:print", referral.pk)
        page = response.content.decode()
        self.assertIn(self.client_record.code, page)
        self.assertIn(REFERRAL_MESSAGE, page)
        self.assertIn("What the client agreed to share", page)
        self.assertIn("Referred by", page)
        self.assertIn("Received by", page)
        self.assertIn('class="signatures"', page)
        self.assertFalse(secrets_in(response.content, A_ONLY_SECRETS))
        self.assertEqual(response["Cache-Control"].count("no-store"), 1)

    def test_printing_is_audited_on_each_side(self):
        referral = self.send()
        self.get(self.lena, "referrals:print", referral.pk)
        entry = self.print_entries(self.lena).get()
        self.assertEqual(entry.organisation, self.beta)
        self.assertEqual(entry.object_id, str(referral.pk))
        # The receiver's log outlives its access: no client code in it.
        self.assertNotIn("client", entry.detail)
        self.get(self.bob, "referrals:print", referral.pk)
        entry = self.print_entries(self.bob).get()
        self.assertEqual(entry.organisation, self.alpha)
        self.assertEqual(entry.detail["client"], self.client_record.code)

    def test_nothing_to_print_once_the_consent_is_withdrawn(self):
        referral = self.send()
        withdraw_consent(self.share_consent, self.bob)
        response = self.get(self.lena, "referrals:print", referral.pk)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(self.client_record.code, response.content.decode())
        self.assertNotIn(REFERRAL_MESSAGE, response.content.decode())
        self.assertContains(response, "There is no referral form to print")
        # Opening it is still audited, like opening the referral's page.
        self.assertEqual(self.print_entries(self.lena).count(), 1)

    def test_the_referral_page_links_to_the_form(self):
        referral = self.send()
        response = self.get(self.lena, "referrals:detail", referral.pk)
        self.assertContains(response, self.url("referrals:print", referral.pk))
