from django.urls import path

from himoya.directory import views_manage, views_public

app_name = "directory"
urlpatterns = [
    path("", views_public.home, name="home"),
    path("find-help/", views_public.find_help, name="find_help"),
    path("organisations/", views_public.organisation_list, name="organisations"),
    path("organisations/<slug:slug>/", views_public.organisation_detail, name="organisation"),
    path("services/<int:pk>/", views_public.service_detail, name="service"),
    path("manage/<slug:slug>/", views_manage.manage, name="manage"),
    path("manage/<slug:slug>/edit/", views_manage.organisation_edit, name="organisation_edit"),
    path("manage/<slug:slug>/services/new/", views_manage.service_create, name="service_create"),
    path("manage/<slug:slug>/services/<int:pk>/", views_manage.service_edit, name="service_edit"),
    path(
        "manage/<slug:slug>/services/<int:pk>/active/",
        views_manage.service_set_active,
        name="service_set_active",
    ),
    path("manage/<slug:slug>/locations/new/", views_manage.location_create, name="location_create"),
    path(
        "manage/<slug:slug>/locations/<int:pk>/",
        views_manage.location_edit,
        name="location_edit",
    ),
]
