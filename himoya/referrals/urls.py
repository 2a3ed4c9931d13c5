"""Referral pages under /referrals/ (namespace "referrals")."""

from django.urls import path

from himoya.referrals import views_detail, views_lists, views_new, views_pathway

app_name = "referrals"
urlpatterns = [
    path("", views_lists.inbox, name="inbox"),
    path("sent/", views_lists.sent_list, name="sent"),
    path("new/<int:case_id>/", views_new.referral_new, name="new"),
    path("pathway/<int:case_id>/", views_pathway.pathway, name="pathway"),
    path("<int:referral_id>/", views_detail.referral_detail, name="detail"),
    path("<int:referral_id>/accept/", views_detail.referral_accept, name="accept"),
    path("<int:referral_id>/decline/", views_detail.referral_decline, name="decline"),
    path("<int:referral_id>/withdraw/", views_detail.referral_withdraw, name="withdraw"),
    path("<int:referral_id>/service/", views_detail.referral_record_service, name="record_service"),
]
