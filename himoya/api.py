"""The JSON API at /api/: one HimoyaAPI (himoya.core.api) with every app's router.

The wiring sits here, above every app, so that no app imports another to be mounted.
Every router is mounted with the API's authentication (a bearer token or a signed-in
session, himoya.accounts.api_auth): an operation that names no `auth` needs credentials;
public operations say auth=None.
"""

from himoya.accounts.api import router as accounts_router
from himoya.accounts.api_auth import AUTH
from himoya.auditlog.api import router as audit_router
from himoya.cases.api import router as cases_router
from himoya.core.api import HimoyaAPI, UnicodeJSONRenderer
from himoya.directory.api import router as directory_router
from himoya.directory.hsds import router as hsds_router
from himoya.geo.api import router as geo_router
from himoya.hotline.api import router as hotline_router
from himoya.incidents.api import router as incidents_router
from himoya.notifications.api import router as notifications_router
from himoya.referrals.api import router as referrals_router
from himoya.referrals.api.calls import router as call_referrals_router

api = HimoyaAPI(
    title="Himoya API",
    version="1.0.0",
    description=(
        "Service directory, accounts and audit for the Himoya referral network. "
        "Errors are JSON objects with `message` and per-field `errors` (the `Error` "
        "schema), in the language given by `?lang=` (tg, ru, en) or the Accept-Language "
        "header; every operation lists the error statuses it can answer with. "
        "Every list pages the same way: `?page=` (1 to 100000) and `?per_page=` "
        "(1 to 100, default 20) in; `count`, `page`, `per_page`, `total_pages` and "
        "`items` out. Only the Open Referral export under `/api/hsds/` keeps the page "
        "shape the HSDS specification fixes. Date filters (`date_from`, `date_to`) take "
        "days from 2000-01-01 to 2099-12-31. Answers to a request with credentials carry "
        "`Cache-Control: no-store`. "
        "Every operation that creates a record accepts an optional `Idempotency-Key` "
        "header: a request sent again with the same key is answered as the first one "
        "was, and creates nothing new."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=UnicodeJSONRenderer(),
)

# In this order in the OpenAPI document.
ROUTERS = [
    ("/geo/", geo_router),
    ("/directory/", directory_router),
    ("/hsds/", hsds_router),
    ("/accounts/", accounts_router),
    ("/audit/", audit_router),
    ("/cases/", cases_router),
    # Incidents belong to a case; their paths stay under the case's.
    ("/cases/", incidents_router),
    ("/referrals/", referrals_router),
    ("/hotline/", hotline_router),
    # Referring a caller belongs to referrals; its path stays under the call log's.
    ("/hotline/", call_referrals_router),
    ("/notifications/", notifications_router),
]
for prefix, router in ROUTERS:
    api.add_router(prefix, router, auth=AUTH)
