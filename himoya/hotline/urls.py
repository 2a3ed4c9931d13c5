"""Call log pages, mounted at /hotline/. Referring a caller (hotline:refer) is the
referrals app's page: himoya/urls.py routes it under this namespace."""

from django.urls import path

from himoya.hotline.views import calls, statistics

app_name = "hotline"
urlpatterns = [
    path("", calls.call_log, name="log"),
    path("new/", calls.call_new, name="new"),
    path("statistics/", statistics.call_stats, name="stats"),
    path("<int:call_id>/", calls.call_detail, name="detail"),
    path("<int:call_id>/edit/", calls.call_edit, name="edit"),
    path("<int:call_id>/case/", calls.call_open_case, name="open_case"),
]
