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
    "Classify it in himoya/cases/tests/walk_classification.py: add it to PUBLIC_PATTERNS / "
    "PUBLIC_API_PATHS if it serves no case data, or teach the walk its parameter in "
    "RECORD_PARAMETERS."
)
