"""Case pages, all under /cases/ in the "cases" namespace.

The apps above cases that add pages to a case (incidents, ...) are mounted beside these
under /cases/<case_id>/ by himoya/urls.py, in the same namespace.
"""

from django.urls import path

from himoya.cases.views import (
    attachments,
    case,
    case_list,
    client,
    consents,
    follow_ups,
    intake,
    notes,
    plan,
    risk,
    search,
    service_deliveries,
    work,
)

app_name = "cases"
urlpatterns = [
    path("", case_list.case_list, name="list"),
    path("new/", intake.intake, name="intake"),
    path("lookup/", case_list.lookup, name="lookup"),
    path("search/", search.case_search, name="search"),
    path("my-work/", work.my_work, name="my_work"),
    # The case and the writes to the case itself.
    path("<int:case_id>/", case.case_detail, name="detail"),
    path("<int:case_id>/print/", case.case_print, name="print"),
    path("<int:case_id>/assign/", case.case_assign, name="case_assign"),
    path("<int:case_id>/change/", case.case_change, name="case_change"),
    path("<int:case_id>/closure/", case.closure_request, name="closure_request"),
    path("<int:case_id>/closure/decide/", case.closure_decide, name="closure_decide"),
    path("<int:case_id>/reopen/", case.case_reopen, name="case_reopen"),
    # Its sections.
    path("<int:case_id>/risk/", risk.risk_view, name="risk"),
    path("<int:case_id>/safety-plan/", risk.safety_plan_view, name="safety_plan"),
    path("<int:case_id>/plan/", plan.plan_view, name="plan"),
    path("<int:case_id>/plan/actions/add/", plan.plan_action_add, name="plan_action_add"),
    path(
        "<int:case_id>/plan/actions/<int:action_id>/edit/",
        plan.plan_action_edit,
        name="plan_action_edit",
    ),
    path("<int:case_id>/plan/submit/", plan.plan_submit, name="plan_submit"),
    path("<int:case_id>/plan/approve/", plan.plan_approve, name="plan_approve"),
    path("<int:case_id>/services/", service_deliveries.services_view, name="services"),
    path("<int:case_id>/services/add/", service_deliveries.service_add, name="service_add"),
    path("<int:case_id>/follow-ups/", follow_ups.followups_view, name="followups"),
    path("<int:case_id>/follow-ups/add/", follow_ups.followup_add, name="followup_add"),
    path(
        "<int:case_id>/follow-ups/<int:followup_id>/done/",
        follow_ups.followup_done,
        name="followup_done",
    ),
    path("<int:case_id>/notes/", notes.notes_view, name="notes"),
    path("<int:case_id>/notes/add/", notes.note_add, name="note_add"),
    path("<int:case_id>/attachments/", attachments.attachments_view, name="attachments"),
    path("<int:case_id>/attachments/add/", attachments.attachment_add, name="attachment_add"),
    path(
        "<int:case_id>/attachments/<int:attachment_id>/download/",
        attachments.attachment_download,
        name="attachment_download",
    ),
    # Its client and her consents.
    path("<int:case_id>/consent/", consents.consent_list, name="consent_list"),
    path("<int:case_id>/consent/give/", consents.consent_give, name="consent_give"),
    path(
        "<int:case_id>/consent/<int:consent_id>/withdraw/",
        consents.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:case_id>/consent/client/", client.client_detail, name="client_detail"),
    path("<int:case_id>/consent/client/edit/", client.client_edit, name="client_edit"),
]
