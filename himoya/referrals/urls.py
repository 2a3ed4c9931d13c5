"""Referral pages under /referrals/ (namespace "referrals"). Referring a hotline caller
lives under /hotline/ (urls_calls)."""

from django.urls import path

from himoya.referrals.views import cases, detail, lists, print_form

app_name = "referrals"
urlpatterns = [
    path("", lists.inbox, name="inbox"),
    path("sent/", lists.sent_list, name="sent"),
    path("new/<int:case_id>/", cases.referral_new, name="new"),
    path("pathway/<int:case_id>/", cases.pathway, name="pathway"),
    path("<int:referral_id>/", detail.referral_detail, name="detail"),
    path("<int:referral_id>/print/", print_form.referral_print, name="print"),
    path("<int:referral_id>/accept/", detail.referral_accept, name="accept"),
    path("<int:referral_id>/decline/", detail.referral_decline, name="decline"),
    path("<int:referral_id>/withdraw/", detail.referral_withdraw, name="withdraw"),
    path("<int:referral_id>/service/", detail.referral_record_service, name="record_service"),
]
