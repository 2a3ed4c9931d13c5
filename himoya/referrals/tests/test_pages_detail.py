"""The referral page: what each side reads, and the answers given on it.

B reads A's shared data only while the referral is open and the consent stands; the
read is audited. Withdrawal of the consent or of the referral, done through the pages,
ends it at once. A's own record never reaches any of lena's pages.
"""

from himoya.audit.models import AuditEntry
from himoya.cases.models import ServiceDelivery
from himoya.clients.models import ConsentKind
from himoya.clients.tests.factories import ConsentFactory
from himoya.hotline.tests.factories import CallFactory
from himoya.referrals.models import Referral, ReferralStatus
from himoya.referrals.tests.base import A_ONLY_SECRETS, REFERRAL_MESSAGE, SAFE_CONTACT_WORD
from himoya.referrals.tests.pages_base import ReferralPagesTestCase


class ReceiverReadsTests(ReferralPagesTestCase):
    def lena_pages(self, referral):
        """Every page lena can open about this client."""
        pages = [
            self.get(self.lena, "referrals:inbox", status="all"),
            self.get(self.lena, "referrals:detail", referral.pk),
        ]
        pages.append(self.get(self.lena, "notifications:list"))
        pages.append(self.get(self.lena, "accounts:dashboard"))
        referral.refresh_from_db()
        if referral.receiving_case_id:
            pages.append(self.get(self.lena, "cases:detail", referral.receiving_case_id))
            pages.append(self.get(self.lena, "referrals:pathway", referral.receiving_case_id))
        return pages

    def assert_no_a_secrets(self, pages):
        for response in pages:
            self.assertEqual(response.status_code, 200)
            for key, secret in A_ONLY_SECRETS.items():
                self.assertNotContains(response, secret, msg_prefix=key)

    def test_open_referral_shows_the_shared_view_and_audits_it(self):
        referral = self.send(share_safe_contact=True)
        before = AuditEntry.objects.filter(action="record_read").count()
        response = self.get(self.lena, "referrals:detail", referral.pk)
        self.assertContains(response, self.client_record.code)
        self.assertContains(response, REFERRAL_MESSAGE)
        self.assertContains(response, SAFE_CONTACT_WORD)
        self.assertContains(response, "<dd>high</dd>", html=False)  # A's risk level
        entry = AuditEntry.objects.filter(action="record_read").order_by("-id").first()
        self.assertEqual(AuditEntry.objects.filter(action="record_read").count(), before + 1)
        self.assertEqual(entry.detail["what"], "referral_shared")
        self.assertNotIn(self.client_record.code, str(entry.detail))
        self.assertEqual(entry.detail["via"], "web")
        self.assertEqual(entry.organisation_id, self.beta.pk)
        self.assertEqual(entry.actor_id, self.lena.pk)
        self.assert_no_a_secrets(self.lena_pages(referral))

    def test_safe_contact_only_when_shared(self):
        referral = self.send(share_safe_contact=False)
        response = self.get(self.lena, "referrals:detail", referral.pk)
        self.assertContains(response, self.client_record.code)
        self.assertNotContains(response, SAFE_CONTACT_WORD)
        self.assertNotContains(response, "May be called")

    def test_inbox_shows_no_client_code(self):
        self.send()
        response = self.get(self.lena, "referrals:inbox")
        self.assertNotContains(response, self.client_record.code)
        self.assertContains(response, "Legal help")

    def test_consent_withdrawn_through_the_page_ends_access(self):
        referral = self.send(share_safe_contact=True)
        self.assertContains(self.get(self.lena, "referrals:detail", referral.pk), SAFE_CONTACT_WORD)
        response = self.post(
            self.bob,
            "cases:consent_withdraw",
            self.case.pk,
            self.share_consent.pk,
            data={"note": "She changed her mind"},
        )
        self.assertEqual(response.status_code, 302)
        response = self.get(self.lena, "referrals:detail", referral.pk)
        for gone in (self.client_record.code, SAFE_CONTACT_WORD, REFERRAL_MESSAGE):
            self.assertNotContains(response, gone)
        self.assertContains(response, "withdrew her consent")
        # She can no longer be accepted; declining stays possible.
        self.assertNotContains(response, "Accept the referral")
        self.assertContains(response, "Decline the referral")
        self.assert_no_a_secrets(self.lena_pages(referral))

    def test_consent_withdrawn_after_acceptance_ends_access(self):
        referral = self.accepted()
        self.assertContains(self.get(self.lena, "referrals:detail", referral.pk), REFERRAL_MESSAGE)
        self.post(
            self.bob,
            "cases:consent_withdraw",
            self.case.pk,
            self.share_consent.pk,
            data={"note": ""},
        )
        response = self.get(self.lena, "referrals:detail", referral.pk)
        self.assertNotContains(response, REFERRAL_MESSAGE)
        self.assertNotContains(response, self.client_record.code)
        # Her own case stays hers.
        self.assertContains(response, "Your organisation's case for the client")
        self.assert_no_a_secrets(self.lena_pages(referral))

    def test_referral_withdrawn_through_the_page_ends_access(self):
        referral = self.send(share_safe_contact=True)
        response = self.post(
            self.bob, "referrals:withdraw", referral.pk, data=self.withdraw_data(referral)
        )
        self.assertEqual(response.status_code, 302)
        response = self.get(self.lena, "referrals:detail", referral.pk)
        for gone in (
            self.client_record.code,
            SAFE_CONTACT_WORD,
            REFERRAL_MESSAGE,
            "She moved away",
        ):
            self.assertNotContains(response, gone)
        self.assertContains(response, "withdrew this referral")
        self.assertNotContains(response, "Decline the referral")
        self.assert_no_a_secrets(self.lena_pages(referral))
        # Nothing of the shared view was read after the withdrawal.
        self.assertFalse(
            AuditEntry.objects.filter(
                detail__what="referral_shared", id__gt=self.last_withdrawal_entry()
            ).exists()
        )

    def last_withdrawal_entry(self):
        return AuditEntry.objects.filter(detail__what="referral_withdrawn").order_by("-id")[0].pk


class SenderSeesTests(ReferralPagesTestCase):
    def test_sender_sees_status_and_dates_never_bs_case(self):
        referral = self.accepted()
        response = self.get(self.bob, "referrals:detail", referral.pk)
        self.assertContains(response, "Accepted")
        self.assertContains(response, REFERRAL_MESSAGE)
        self.assertContains(response, self.legal_aid.name_en)
        case_url = self.url("cases:detail", referral.receiving_case_id)
        self.assertNotContains(response, case_url)
        self.assertNotContains(response, referral.receiving_case.client.code)
        self.assertContains(response, "Withdraw the referral")

    def test_sender_sees_completion_and_time_to_service(self):
        referral = self.accepted()
        self.post(
            self.lena,
            "referrals:record_service",
            referral.pk,
            data=self.service_data(**{"service-notes": "B's private session notes"}),
        )
        response = self.get(self.bob, "referrals:detail", referral.pk)
        self.assertContains(response, "Service delivered")
        self.assertNotContains(response, "B&#x27;s private session notes")
        self.assertNotContains(response, "private session notes")
        self.assertNotContains(response, "Withdraw the referral")
        sent = self.get(self.bob, "referrals:sent")
        self.assertEqual(sent.context["rows"][0]["status"], ReferralStatus.COMPLETED)
        self.assertIsNotNone(sent.context["rows"][0]["to_service"])

    def test_operator_follows_a_referral_from_a_call(self):
        call = CallFactory(organisation=self.alpha, operator=self.olga)
        referral = self.send(from_case=None, from_call=call)
        response = self.get(self.olga, "referrals:detail", referral.pk)
        self.assertContains(response, self.url("hotline:detail", call.pk))
        self.assertContains(response, self.client_record.code)
        self.assertContains(response, "Withdraw the referral")
        response = self.post(
            self.olga, "referrals:withdraw", referral.pk, data=self.withdraw_data(referral)
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Referral.objects.get(pk=referral.pk).status, ReferralStatus.WITHDRAWN)


class AnswerTests(ReferralPagesTestCase):
    def test_caseworker_accepts_and_gets_her_own_case(self):
        referral = self.send()
        response = self.post(
            self.lena, "referrals:accept", referral.pk, data=self.accept_data(referral)
        )
        self.assertRedirects(
            response, self.url("referrals:detail", referral.pk), fetch_redirect_response=False
        )
        referral.refresh_from_db()
        case = referral.receiving_case
        self.assertEqual(case.organisation, self.beta)
        self.assertEqual(case.caseworker, self.lena)
        self.assertNotEqual(case.client_id, self.client_record.pk)
        response = self.get(self.lena, "referrals:detail", referral.pk)
        self.assertContains(response, self.url("cases:detail", case.pk))
        self.assertContains(response, "Record the service delivered")

    def test_accept_after_the_sender_withdrew_says_withdrawn(self):
        referral = self.send()
        stale = self.accept_data(referral)
        self.post(self.bob, "referrals:withdraw", referral.pk, data=self.withdraw_data(referral))
        response = self.post(self.lena, "referrals:accept", referral.pk, data=stale)
        self.assertContains(response, "“withdrawn”: that step is no longer", status_code=409)
        self.assertNotContains(response, "Changed meanwhile", status_code=409)
        referral.refresh_from_db()
        self.assertEqual(referral.status, ReferralStatus.WITHDRAWN)
        self.assertIsNone(referral.receiving_case_id)

    def test_second_tab_accept_says_accepted_in_the_users_language(self):
        """Lena accepts in one tab, then again in another opened before: she is told
        the referral is accepted, in Tajik, with no English field name."""
        referral = self.send()
        stale = self.accept_data(referral)
        self.assertEqual(
            self.post(self.lena, "referrals:accept", referral.pk, data=stale).status_code, 302
        )
        self.as_user(self.lena)
        response = self.client.post(self.url("referrals:accept", referral.pk, language="tg"), stale)
        self.assertContains(response, "«қабул шуд»", status_code=409)
        self.assertNotContains(response, "тағйир ёфт", status_code=409)
        self.assertEqual(Referral.objects.get(pk=referral.pk).version, referral.version + 1)

    def test_stale_withdraw_names_the_status_by_its_label(self):
        """Bob's page is from before lena accepted; withdrawing is still possible, so
        he is shown what changed: the status, labelled in his language."""
        referral = self.send()
        stale = self.withdraw_data(referral)
        self.post(self.lena, "referrals:accept", referral.pk, data=self.accept_data(referral))
        self.as_user(self.bob)
        response = self.client.post(
            self.url("referrals:withdraw", referral.pk, language="tg"), stale
        )
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "тағйир ёфт: ҳолат.", status_code=409)
        self.assertContains(response, "<dt>Ҳолат</dt><dd>қабул шуд</dd>", status_code=409)
        self.assertEqual(Referral.objects.get(pk=referral.pk).status, ReferralStatus.ACCEPTED)

    def test_answer_the_status_no_longer_allows_is_a_message(self):
        referral = self.accepted()
        response = self.post(
            self.lena, "referrals:decline", referral.pk, data=self.decline_data(referral)
        )
        self.assertContains(response, "that step is no longer possible", status_code=409)
        self.assertEqual(Referral.objects.get(pk=referral.pk).status, ReferralStatus.ACCEPTED)

    def test_bad_input_is_a_form_error_and_changes_nothing(self):
        referral = self.send()
        cases = [
            ("decline", self.decline_data(referral, **{"decline-reason": ""})),
            ("decline", self.decline_data(referral, **{"decline-reason": "other"})),
            ("decline", self.decline_data(referral, **{"decline-reason": "bogus"})),
            ("decline", self.decline_data(referral, **{"decline-version": "x"})),
            ("accept", self.accept_data(referral, **{"accept-version": "-3"})),
            # A version never saved: a tampered page, not someone else's edit.
            ("accept", self.accept_data(referral, **{"accept-version": "99"})),
            ("accept", self.accept_data(referral, **{"accept-services_consent": "telepathy"})),
            ("withdraw", self.withdraw_data(referral, **{"withdraw-version": ""})),
        ]
        for name, data in cases:
            user = self.bob if name == "withdraw" else self.lena
            response = self.post(user, f"referrals:{name}", referral.pk, data=data)
            self.assertEqual(response.status_code, 400, (name, data))
            referral.refresh_from_db()
            self.assertEqual(referral.status, ReferralStatus.SENT)
            self.assertEqual(referral.version, 1)
        response = self.post(
            self.lena,
            "referrals:decline",
            referral.pk,
            data=self.decline_data(referral, **{"decline-reason": "other"}),
        )
        self.assertContains(response, "Say why, in a few words.", status_code=400)
        response = self.post(
            self.lena,
            "referrals:accept",
            referral.pk,
            data=self.accept_data(referral, **{"accept-version": "abc"}),
        )
        self.assertContains(response, "This form is out of date", status_code=400)
        response = self.post(
            self.lena,
            "referrals:accept",
            referral.pk,
            data=self.accept_data(referral, **{"accept-version": "99"}),
        )
        self.assertContains(response, "This form is out of date", status_code=400)
        self.assertNotContains(response, "Someone else", status_code=400)

    def test_supervisor_must_choose_a_caseworker_of_her_organisation(self):
        referral = self.send()
        for bad in ("", str(self.bob.pk), "999999"):
            response = self.post(
                self.victor,
                "referrals:accept",
                referral.pk,
                data=self.accept_data(referral, **{"accept-caseworker": bad}),
            )
            self.assertEqual(response.status_code, 400, bad)
        self.assertEqual(Referral.objects.get(pk=referral.pk).status, ReferralStatus.SENT)

    def test_decline_with_other_reason_and_note(self):
        referral = self.send()
        response = self.post(
            self.victor,
            "referrals:decline",
            referral.pk,
            data=self.decline_data(
                referral, **{"decline-reason": "other", "decline-note": "Office shut"}
            ),
        )
        self.assertEqual(response.status_code, 302)
        referral.refresh_from_db()
        self.assertEqual(referral.status, ReferralStatus.DECLINED)
        self.assertEqual(referral.decline_note, "Office shut")
        # The sender sees the reason, not the receiver's note.
        response = self.get(self.bob, "referrals:detail", referral.pk)
        self.assertContains(response, "Declined")
        self.assertNotContains(response, "Office shut")

    def test_record_service_without_consent_shows_the_error_and_the_way_to_consent(self):
        from himoya.referrals.services.steps import accept_referral

        referral = self.send()
        referral = accept_referral(self.lena, referral, expected_version=referral.version)
        response = self.get(self.lena, "referrals:detail", referral.pk)
        consent_url = self.url("cases:consent_list", referral.receiving_case_id)
        self.assertContains(response, consent_url)
        response = self.post(
            self.lena, "referrals:record_service", referral.pk, data=self.service_data()
        )
        self.assertContains(
            response, "consent to receive services is not in force", status_code=400
        )
        self.assertContains(response, consent_url, status_code=400)
        self.assertFalse(ServiceDelivery.objects.filter(case=referral.receiving_case).exists())
        self.assertEqual(Referral.objects.get(pk=referral.pk).status, ReferralStatus.ACCEPTED)
        ConsentFactory(
            client=referral.receiving_case.client, taken_by=self.lena, kind=ConsentKind.SERVICES
        )
        response = self.post(
            self.lena, "referrals:record_service", referral.pk, data=self.service_data()
        )
        self.assertEqual(response.status_code, 302)
        referral.refresh_from_db()
        self.assertEqual(referral.status, ReferralStatus.COMPLETED)
        delivery = ServiceDelivery.objects.get(case=referral.receiving_case)
        self.assertEqual(delivery.service_type, self.legal_aid.service_type)

    def test_record_service_bad_date_changes_nothing(self):
        referral = self.accepted()
        for date in ("", "yesterday", "2999-01-01"):
            response = self.post(
                self.lena,
                "referrals:record_service",
                referral.pk,
                data=self.service_data(**{"service-date": date}),
            )
            self.assertEqual(response.status_code, 400, date)
        self.assertEqual(Referral.objects.get(pk=referral.pk).status, ReferralStatus.ACCEPTED)

    def test_record_service_on_a_referral_not_accepted_is_refused(self):
        referral = self.send()
        response = self.post(
            self.lena, "referrals:record_service", referral.pk, data=self.service_data()
        )
        self.assertContains(response, "that step is no longer possible", status_code=409)
