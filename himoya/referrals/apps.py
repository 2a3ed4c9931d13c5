from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "himoya.referrals"
    label = "referrals"

    def ready(self):
        # The clients, cases and hotline apps announce events and ask about the referrals
        # of their calls; they never import referrals.
        from himoya.cases.extensions import CasePanel, register_case_panel
        from himoya.cases.models import Case, ServiceDelivery
        from himoya.cases.signals import case_closed, closure_open_items, service_recorded
        from himoya.clients.models import Consent
        from himoya.clients.signals import consent_withdrawn
        from himoya.core import registry
        from himoya.hotline.models import Call
        from himoya.hotline.signals import call_referral_counts, call_referral_rows
        from himoya.referrals.access import RECEIVER_ROLES, SENDER_ROLES
        from himoya.referrals.case_closure import open_referral_items, withdraw_on_case_closed
        from himoya.referrals.dashboard import referral_panel
        from himoya.referrals.receivers_cases import (
            complete_referrals_by_service,
            tell_receivers_consent_withdrawn,
        )
        from himoya.referrals.receivers_hotline import (
            referral_counts_of_calls,
            referrals_of_call,
        )
        from himoya.referrals.views.cases import case_page_referrals

        closure_open_items.connect(
            open_referral_items, sender=Case, dispatch_uid="referrals_open_items"
        )
        case_closed.connect(
            withdraw_on_case_closed, sender=Case, dispatch_uid="referrals_case_closed"
        )
        call_referral_rows.connect(
            referrals_of_call, sender=Call, dispatch_uid="referrals_of_call"
        )
        call_referral_counts.connect(
            referral_counts_of_calls, sender=Call, dispatch_uid="referral_counts_of_calls"
        )
        registry.register_nav_link("referrals/_nav_link.html", order=30)
        registry.register_dashboard_panel(
            "referrals",
            panel=referral_panel,
            order=20,
            roles=(*RECEIVER_ROLES, *SENDER_ROLES),
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
        register_case_panel(
            CasePanel("after_consent", "referrals/_case_section.html", case_page_referrals)
        )
        # The audit log (below referrals) names its records through here.
        from himoya.referrals import audit_labels

        audit_labels.register()
