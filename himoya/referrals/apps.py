from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "himoya.referrals"
    label = "referrals"

    def ready(self):
        # The cases app announces closures; it never imports referrals.
        from himoya.cases.models import Case
        from himoya.cases.signals import case_closed, closure_open_items
        from himoya.core import registry
        from himoya.referrals.case_closure import open_referral_items, withdraw_on_case_closed
        from himoya.referrals.views_dashboard import referral_counts

        closure_open_items.connect(
            open_referral_items, sender=Case, dispatch_uid="referrals_open_items"
        )
        case_closed.connect(
            withdraw_on_case_closed, sender=Case, dispatch_uid="referrals_case_closed"
        )
        registry.register_nav_link("referrals/_nav_link.html", order=30)
        registry.register_dashboard_panel(
            "referrals/_dashboard.html", name="referrals", counts=referral_counts, order=20
        )
