"""Incident pages; himoya/urls.py mounts them under cases/<int:case_id>/incidents/, in the
"cases" namespace."""

from django.urls import path

from himoya.incidents import views

urlpatterns = [
    path("add/", views.incident_add, name="incident_add"),
    path("<int:pk>/", views.incident_detail, name="incident_detail"),
    path("<int:pk>/edit/", views.incident_edit, name="incident_edit"),
]
