"""The sections of one case, under /cases/<case_id>/ (namespace "cases")."""

from django.urls import path

from himoya.cases import (
    views_attachments,
    views_followups,
    views_notes,
    views_plan,
    views_risk,
    views_services,
)

urlpatterns = [
    path("risk/", views_risk.risk_view, name="risk"),
    path("safety-plan/", views_risk.safety_plan_view, name="safety_plan"),
    path("plan/", views_plan.plan_view, name="plan"),
    path("plan/actions/add/", views_plan.plan_action_add, name="plan_action_add"),
    path(
        "plan/actions/<int:action_id>/edit/", views_plan.plan_action_edit, name="plan_action_edit"
    ),
    path("plan/submit/", views_plan.plan_submit, name="plan_submit"),
    path("plan/approve/", views_plan.plan_approve, name="plan_approve"),
    path("services/", views_services.services_view, name="services"),
    path("services/add/", views_services.service_add, name="service_add"),
    path("follow-ups/", views_followups.followups_view, name="followups"),
    path("follow-ups/add/", views_followups.followup_add, name="followup_add"),
    path("follow-ups/<int:followup_id>/done/", views_followups.followup_done, name="followup_done"),
    path("notes/", views_notes.notes_view, name="notes"),
    path("notes/add/", views_notes.note_add, name="note_add"),
    path("attachments/", views_attachments.attachments_view, name="attachments"),
    path("attachments/add/", views_attachments.attachment_add, name="attachment_add"),
    path(
        "attachments/<int:attachment_id>/download/",
        views_attachments.attachment_download,
        name="attachment_download",
    ),
]
