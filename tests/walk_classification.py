"""The access walk's classification: what serves no case data, and how to fill in the
parameters of what does. A new URL pattern or API operation is classified here (see
test_access_walk.py): the walk fails on one it cannot place."""

from himoya.cases.models import (
    Attachment,
    CaseAction,
    CaseEvent,
    Closure,
    FollowUp,
    Note,
    RiskAssessment,
    ServiceDelivery,
)
from himoya.clients.models import Consent
from himoya.hotline.models import Call
from himoya.incidents.models import Incident, Perpetrator
from himoya.referrals.models import Referral

# URL patterns (as Django routes, default language) that serve no case data, and why.
PUBLIC_PATTERNS = {
    "healthz": "health check",
    "": "public directory home",
    "find-help/": "public directory search",
    "organisations/": "public directory",
    "organisations/<slug:slug>/": "public directory",
    "services/<int:pk>/": "public directory (directory Service, not a case service)",
    "manage/<slug:slug>/": "directory editing by organisation admins",
    "manage/<slug:slug>/edit/": "directory editing",
    "manage/<slug:slug>/services/new/": "directory editing",
    "manage/<slug:slug>/services/<int:pk>/": "directory editing",
    "manage/<slug:slug>/services/<int:pk>/active/": "directory editing",
    "manage/<slug:slug>/locations/new/": "directory editing",
    "manage/<slug:slug>/locations/<int:pk>/": "directory editing",
    "accounts/": "dashboard: counts of one's own work only",
    "accounts/login/": "sign-in",
    "accounts/logout/": "sign-out",
    "accounts/verify/": "second factor",
    "accounts/two-factor/": "second factor set-up",
    "accounts/two-factor/recovery-codes/": "second factor recovery codes",
    "accounts/password/": "one's own password",
    "accounts/tokens/": "API tokens",
    "accounts/tokens/<int:pk>/revoke/": "API tokens",
    "accounts/platform/organisations/new/": "the platform admin adds an organisation",
    "accounts/orgs/<slug:slug>/members/": "membership management",
    "accounts/orgs/<slug:slug>/members/add/": "membership management",
    "accounts/orgs/<slug:slug>/members/<int:user_id>/": "membership management",
    "accounts/orgs/<slug:slug>/members/<int:user_id>/remove/": "membership management",
    "accounts/orgs/<slug:slug>/members/<int:user_id>/reset-two-factor/": "membership management",
    "accounts/orgs/<slug:slug>/members/<int:user_id>/reset-password/": "membership management",
    "audit/": "audit log: names and ids, never case content",
    "audit/<slug:slug>/": "audit log of an organisation",
    "notifications/": "one's own notifications: kinds and referral numbers, no case data",
    "notifications/read-all/": "one's own notifications",
    "notifications/<int:notification_id>/": "one's own notification (404 for anyone else)",
    "styleguide/": "the design system's style guide: made-up content, signed-in staff only",
    "api/": "API root (a JSON 404)",
    "api/^(?P<rest>.*)$": "API catch-all (a JSON 404)",
    "api/docs": "API documentation page",
    "api/openapi.json": "OpenAPI document",
}

# API paths (as in the OpenAPI document) that serve no case data, all methods.
PUBLIC_API_PATHS = {
    "/api/geo/regions": "reference data",
    "/api/geo/districts": "reference data",
    "/api/directory/organisations": "public directory",
    "/api/directory/organisations/{slug}": "public directory",
    "/api/directory/organisations/{slug}/services": "directory editing",
    "/api/directory/services": "public directory",
    "/api/directory/services/{service_id}": "public directory (not a case service)",
    "/api/hsds/": "Open Referral export of the directory",
    "/api/hsds/services": "Open Referral export",
    "/api/hsds/services/{id}": "Open Referral export",
    "/api/hsds/organizations": "Open Referral export",
    "/api/hsds/organizations/{id}": "Open Referral export",
    "/api/accounts/me": "the caller's own account",
    "/api/accounts/me/password": "the caller's own password",
    "/api/accounts/organisations": "the platform admin adds an organisation",
    "/api/accounts/orgs/{slug}/members": "membership management",
    "/api/accounts/orgs/{slug}/members/{user_id}": "membership management",
    "/api/accounts/orgs/{slug}/members/{user_id}/reset-password": "membership management",
    "/api/audit/entries": "audit log: names and ids, never case content",
    "/api/audit/orgs/{slug}/entries": "audit log of an organisation",
    "/api/notifications/": "one's own notifications: kinds and referral numbers, no case data",
    "/api/notifications/{notification_id}/read": "one's own notification (404 for anyone else)",
    "/api/notifications/read-all": "one's own notifications",
}

# Parameters that name a record of a case, and its model. A new kind of record gets a
# line here (and a row in test_api_fixtures.fill_case, or in the walk's own fixtures for
# referrals and calls) so the walk can reach it. A parameter named case_id is always a
# case, wherever it appears (/referrals/new/<int:case_id>/ is walked like a case page).
RECORD_PARAMETERS = {
    "incident_id": Incident,
    "perpetrator_id": Perpetrator,
    "consent_id": Consent,
    "risk_id": RiskAssessment,
    "assessment_id": RiskAssessment,
    "action_id": CaseAction,
    "service_id": ServiceDelivery,
    "delivery_id": ServiceDelivery,
    "follow_up_id": FollowUp,
    "followup_id": FollowUp,
    "note_id": Note,
    "attachment_id": Attachment,
    "closure_id": Closure,
    "event_id": CaseEvent,
    # Not records of a case, but they carry its data (or a caller's): walked the same way.
    "referral_id": Referral,
    "call_id": Call,
}

# A bare <pk> (or {id}) names a record of the collection its path names just before it
# (under /cases/, /referrals/ and /hotline/, pages and API alike).
COLLECTION_MODELS = {
    "incidents": Incident,
    "perpetrators": Perpetrator,
    "consent": Consent,
    "consents": Consent,
    "risk": RiskAssessment,
    "actions": CaseAction,
    "services": ServiceDelivery,
    "follow-ups": FollowUp,
    "followups": FollowUp,
    "notes": Note,
    "attachments": Attachment,
    "closure": Closure,
    "closures": Closure,
    "events": CaseEvent,
    "referrals": Referral,
    "calls": Call,
}
CLASSIFY_HINT = (
    "Classify it in tests/walk_classification.py: add it to PUBLIC_PATTERNS / "
    "PUBLIC_API_PATHS if it serves no case data, or teach the walk its parameter in "
    "RECORD_PARAMETERS."
)

# Reads (GET) of the walked pages and API operations that show identifying data (a
# client's name, phone, address, birth date, free text, attachments; a referral's
# message or shared view; a call's call-back details and summary), or a case's current
# state beyond its code: each leaves an audit entry, checked by test_read_audit.py for
# every walked user who may read it.
IDENTIFYING_READS = {
    "cases/<int:case_id>/",
    "cases/<int:case_id>/assign/",
    "cases/<int:case_id>/attachments/",
    "cases/<int:case_id>/attachments/<int:attachment_id>/download/",
    "cases/<int:case_id>/change/",
    "cases/<int:case_id>/closure/",
    "cases/<int:case_id>/closure/decide/",
    "cases/<int:case_id>/consent/",
    "cases/<int:case_id>/consent/<int:consent_id>/withdraw/",
    "cases/<int:case_id>/consent/client/",
    "cases/<int:case_id>/consent/client/edit/",
    "cases/<int:case_id>/consent/give/",
    "cases/<int:case_id>/follow-ups/",
    "cases/<int:case_id>/incidents/<int:pk>/",
    "cases/<int:case_id>/incidents/<int:pk>/edit/",
    "cases/<int:case_id>/notes/",
    "cases/<int:case_id>/plan/",
    "cases/<int:case_id>/plan/actions/<int:action_id>/edit/",
    "cases/<int:case_id>/reopen/",
    "cases/<int:case_id>/risk/",
    "cases/<int:case_id>/safety-plan/",
    "cases/<int:case_id>/services/",
    "hotline/<int:call_id>/",
    "hotline/<int:call_id>/edit/",
    "referrals/<int:referral_id>/",
    "/api/cases/{case_id}",
    "/api/cases/{case_id}/attachments",
    "/api/cases/{case_id}/attachments/{attachment_id}/content",
    "/api/cases/{case_id}/consents",
    "/api/cases/{case_id}/follow-ups",
    "/api/cases/{case_id}/incidents",
    "/api/cases/{case_id}/incidents/{incident_id}",
    "/api/cases/{case_id}/notes",
    "/api/cases/{case_id}/plan",
    "/api/cases/{case_id}/plan/actions",
    "/api/cases/{case_id}/risk",
    "/api/cases/{case_id}/safety-plan",
    "/api/cases/{case_id}/services",
    "/api/hotline/calls/{call_id}",
    "/api/referrals/{referral_id}",
}

# The other walked reads, and why they show no identifying data (the test checks that
# none shows any of the walk's secrets but the pseudonymous client code).
READS_WITHOUT_IDENTIFYING_DATA = {
    "cases/": "list: codes, steps and dates",
    "cases/my-work/": "list: codes and due dates",
    "cases/new/": "an empty intake form",
    "cases/lookup/": "finds a case by its code: answers with its address",
    "cases/search/": "an empty search form (results come only from a POST, which is audited)",
    "cases/<int:case_id>/incidents/add/": "an empty form under the client code",
    "hotline/": "call log: clear, non-identifying columns only",
    "hotline/new/": "an empty call form",
    "hotline/statistics/": "aggregate counts",
    "hotline/<int:call_id>/case/": "a form under the call's reference",
    "hotline/<int:call_id>/refer/": "services to choose, under the call's reference",
    "referrals/": "inbox: references, organisations, statuses",
    "referrals/sent/": "list: references, organisations, statuses",
    "referrals/new/<int:case_id>/": "services to choose, under the client code",
    "referrals/pathway/<int:case_id>/": "organisations, services, statuses and dates",
    "/api/cases/": "list: codes, steps and dates",
    "/api/cases/lookup": "finds a case by its code: answers with its id",
    "/api/hotline/calls": "call log: clear, non-identifying columns only",
    "/api/hotline/stats": "aggregate counts",
    "/api/referrals/received": "inbox: references, organisations, statuses",
    "/api/referrals/sent": "list: references, organisations, statuses",
    "/api/referrals/pathway/{case_id}": "organisations, services, statuses and dates",
}
