"""Client details and consent of one case, under /cases/<case_id>/consent/ (namespace "cases")."""

from django.urls import path

from himoya.clients import views

urlpatterns = [
    path("", views.consent_list, name="consent_list"),
    path("give/", views.consent_give, name="consent_give"),
    path("<int:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("client/", views.client_detail, name="client_detail"),
    path("client/edit/", views.client_edit, name="client_edit"),
]
