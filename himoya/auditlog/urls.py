from django.urls import path

from himoya.auditlog import views

app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
    path("<slug:slug>/", views.organisation_log, name="organisation_log"),
]
