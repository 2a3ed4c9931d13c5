"""The demo referrals and hotline calls: varied, consistent with the real rules, loaded once."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.utils import timezone

from himoya.accounts.models import User
from himoya.cases.models import Case
from himoya.clients.models import Client, Consent, ConsentKind
from himoya.hotline.models import Call, CallAction
from himoya.notifications.models import Notification, NotificationKind
from himoya.referrals.access import consent_stands, received_referrals
from himoya.referrals.models import Referral, ReferralStatus

pytestmark = pytest.mark.slow


class DemoReferralTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def test_about_sixty_referrals_in_every_status_from_cases_and_calls(self):
        referrals = Referral.objects.all()
        assert 50 <= referrals.count() <= 70
        assert not referrals.filter(is_demo=False).exists()
        assert set(referrals.values_list("status", flat=True)) == set(ReferralStatus.values)
        from_calls = referrals.filter(from_call__isnull=False)
        assert from_calls.count() >= 10 and referrals.filter(from_case__isnull=False).count() >= 20
        assert set(from_calls.values_list("status", flat=True)) == set(ReferralStatus.values)
        assert set(from_calls.values_list("from_organisation__slug", flat=True)) == {"hotline-1313"}
        receivers = set(referrals.values_list("to_organisation__slug", flat=True))
        assert {"lac-isfara", "korvoni-umed", "lac-dushanbe"} <= receivers
        for referral in referrals.select_related("service", "from_case", "from_call"):
            assert referral.service.organisation_id == referral.to_organisation_id
            assert referral.to_organisation_id != referral.from_organisation_id
            origin = referral.from_case or referral.from_call
            assert origin.organisation_id == referral.from_organisation_id

    def test_a_sharing_consent_was_recorded_before_every_referral(self):
        for referral in Referral.objects.select_related("client", "service", "to_organisation"):
            consent = Consent.objects.filter(
                client=referral.client,
                kind=ConsentKind.SHARE_ORGANISATION,
                recipient_organisation=referral.to_organisation,
                taken_at__lt=referral.sent_at,
            )
            sector = Consent.objects.filter(
                client=referral.client,
                kind=ConsentKind.SHARE_SECTOR,
                recipient_sector=referral.service.sector,
                taken_at__lt=referral.sent_at,
            )
            assert consent.exists() or sector.exists(), referral
            if referral.is_open:
                assert consent_stands(referral), referral

    def test_dates_follow_one_another(self):
        now = timezone.now()
        for referral in Referral.objects.all():
            assert referral.sent_at <= now
            assert referral.expires_at == referral.sent_at + datetime.timedelta(days=7)
            if referral.accepted_at:
                assert referral.sent_at < referral.accepted_at < referral.expires_at
            if referral.completed_at:
                assert referral.accepted_at < referral.completed_at <= now
            for moment in (referral.declined_at, referral.withdrawn_at):
                if moment:
                    assert referral.sent_at < moment < referral.expires_at
            if referral.status == ReferralStatus.EXPIRED:
                assert referral.expired_at == referral.expires_at < now
            if referral.status == ReferralStatus.SENT:
                # Still waiting for an answer, not overdue.
                assert referral.expires_at > now
        for call_referral in Referral.objects.filter(from_call__isnull=False).select_related(
            "from_call"
        ):
            assert call_referral.from_call.started_at < call_referral.sent_at

    def test_accepted_and_completed_ones_have_the_receivers_own_case_and_service(self):
        for referral in Referral.objects.filter(
            status__in=[ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED]
        ).select_related("receiving_case__client", "client", "service", "service_delivery"):
            case = referral.receiving_case
            assert case is not None and case.organisation_id == referral.to_organisation_id
            assert case.is_demo and case.client_id != referral.client_id
            assert case.client.age_group == referral.client.age_group
            assert case.opened_at == referral.accepted_at
            if referral.status == ReferralStatus.COMPLETED:
                delivery = referral.service_delivery
                assert delivery.case_id == case.pk
                assert delivery.service_type == referral.service.service_type
                assert delivery.date == timezone.localdate(referral.completed_at)
        for referral in Referral.objects.exclude(
            status__in=[ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED]
        ):
            assert referral.receiving_case_id is None
        declined = Referral.objects.filter(status=ReferralStatus.DECLINED)
        assert all(referral.decline_reason for referral in declined)

    def test_the_isfara_lawyer_has_referrals_waiting_and_notifications(self):
        lawyer = User.objects.get(username="lawyer.isfara")
        waiting = received_referrals(lawyer).filter(status=ReferralStatus.SENT)
        assert waiting.count() >= 3
        assert set(waiting.values_list("from_organisation__slug", flat=True)) == {"hotline-1313"}
        unread = Notification.objects.filter(
            user=lawyer, kind=NotificationKind.REFERRAL_RECEIVED, read_at__isnull=True
        )
        assert unread.count() >= 3
        for notification in Notification.objects.filter(referral__isnull=False).select_related(
            "referral"
        ):
            assert notification.created_at >= notification.referral.sent_at
        supervisor = User.objects.get(username="supervisor.isfara")
        assert received_referrals(supervisor).filter(status=ReferralStatus.SENT).exists()

    def test_calls_that_became_referrals_carry_the_client(self):
        for referral in Referral.objects.filter(from_call__isnull=False).select_related(
            "from_call", "client"
        ):
            call = referral.from_call
            assert call.client_id == referral.client_id
            assert CallAction.REFERRAL in call.actions
            assert referral.client.organisation_id == call.organisation_id
            assert referral.client.name == "" and referral.client.phone == ""
            assert referral.client.district_id == call.district_id

    def test_second_load_adds_nothing(self):
        models = (Referral, Call, Notification, Consent, Case, Client)
        before = {model: model.objects.count() for model in models}
        call_command("load_demo", stdout=StringIO())
        assert {model: model.objects.count() for model in models} == before


class DemoCallTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def test_about_three_hundred_calls_over_ninety_days_at_the_hotline(self):
        calls = Call.objects.all()
        assert calls.count() == 300
        assert not calls.filter(is_demo=False).exists()
        assert set(calls.values_list("organisation__slug", flat=True)) == {"hotline-1313"}
        now = timezone.now()
        oldest = calls.order_by("started_at").first().started_at
        assert now - datetime.timedelta(days=91) < oldest < now - datetime.timedelta(days=60)
        assert calls.filter(started_at__gte=now - datetime.timedelta(days=7)).exists()
        assert not calls.filter(started_at__gt=now).exists()

    def test_a_realistic_mix(self):
        calls = list(Call.objects.all())
        topics = Counter(call.topic for call in calls)
        assert topics.most_common(1)[0][0] == "domestic_violence" and len(topics) == 5
        assert len({call.caller_type for call in calls}) == 5
        assert len({call.district_id for call in calls}) >= 10
        assert len({call.language for call in calls}) >= 3
        assert any(call.district_id is None for call in calls)  # the caller did not say
        assert 0.05 < sum(call.risk_flag for call in calls) / len(calls) < 0.3
        assert all(CallAction.INFORMATION in call.actions for call in calls)
        assert any(CallAction.EMERGENCY in call.actions for call in calls)
        assert Counter(call.sex for call in calls).most_common(1)[0][0] == "female"
        assert all(1 <= call.duration_minutes <= 45 for call in calls)

    def test_anonymous_unless_a_call_back_is_wanted_then_plainly_fictitious(self):
        callbacks = Call.objects.filter(callback_wanted=True)
        assert 5 <= callbacks.count() <= 50
        for call in callbacks:
            assert call.callback_name.endswith("(demo)")
            assert call.callback_phone.startswith("+992 00 000 ")
        for call in Call.objects.filter(callback_wanted=False):
            assert call.callback_name == "" and call.callback_phone == ""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT callback_name, callback_phone FROM hotline_call WHERE id = %s",
                [callbacks.first().pk],
            )
            raw_name, raw_phone = cursor.fetchone()
        assert raw_name.startswith("hmy1:") and raw_phone.startswith("hmy1:")
