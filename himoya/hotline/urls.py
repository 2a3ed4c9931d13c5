"""Call log pages, mounted at /hotline/."""

from django.urls import path

from himoya.hotline import views, views_refer, views_stats, views_write

app_name = "hotline"
urlpatterns = [
    path("", views.call_log, name="log"),
    path("new/", views_write.call_new, name="new"),
    path("statistics/", views_stats.call_stats, name="stats"),
    path("<int:call_id>/", views.call_detail, name="detail"),
    path("<int:call_id>/edit/", views_write.call_edit, name="edit"),
    path("<int:call_id>/refer/", views_refer.call_refer, name="refer"),
    path("<int:call_id>/case/", views_refer.call_open_case, name="open_case"),
]
