from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "himoya.referrals"
    label = "referrals"

    def ready(self):
        # The clients and cases apps announce events; they never import referrals.
        from himoya.cases.models import Case, ServiceDelivery
        from himoya.cases.signals import case_closed, closure_open_items, service_recorded
        from himoya.clients.models import Consent
        from himoya.clients.signals import consent_withdrawn
        from himoya.referrals.case_closure import open_referral_items, withdraw_on_case_closed
        from himoya.referrals.receivers_cases import (
            complete_referrals_by_service,
            tell_receivers_consent_withdrawn,
        )

        closure_open_items.connect(
            open_referral_items, sender=Case, dispatch_uid="referrals_open_items"
        )
        case_closed.connect(
            withdraw_on_case_closed, sender=Case, dispatch_uid="referrals_case_closed"
        )
        consent_withdrawn.connect(
            tell_receivers_consent_withdrawn,
            sender=Consent,
            dispatch_uid="referrals_consent_withdrawn",
        )
        service_recorded.connect(
            complete_referrals_by_service,
            sender=ServiceDelivery,
            dispatch_uid="referrals_service_recorded",
        )
