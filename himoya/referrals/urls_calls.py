"""The referral pages that live under /hotline/, in the "hotline" namespace: referring
a caller (hotline:refer). himoya/urls.py joins these patterns to the call log's."""

from django.urls import path

from himoya.referrals.views import calls

urlpatterns = [
    path("<int:call_id>/refer/", calls.call_refer, name="refer"),
]
