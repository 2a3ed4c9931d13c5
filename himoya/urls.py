"""The site's addresses: the JSON API, the health check and each app's pages."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from himoya.api import api
from himoya.cases import urls as case_urls
from himoya.core import views as core_views
from himoya.hotline import urls as hotline_urls
from himoya.incidents import urls as incident_urls
from himoya.ops import views as ops_views
from himoya.referrals import urls_calls as call_referral_urls

urlpatterns = [
    path("api/", api.urls),
    path("healthz", ops_views.healthz, name="healthz"),
]

# Tajik pages live at /, Russian at /ru/, English at /en/.
urlpatterns += i18n_patterns(
    path("", include("himoya.directory.urls")),
    path("accounts/", include("himoya.accounts.urls")),
    path("audit/", include("himoya.auditlog.urls")),
    # A case's incidents (the app above cases) live under the case, in its namespace.
    path(
        "cases/",
        include(
            (
                [
                    *case_urls.urlpatterns,
                    path("<int:case_id>/incidents/", include(incident_urls.urlpatterns)),
                ],
                "cases",
            )
        ),
    ),
    path("referrals/", include("himoya.referrals.urls")),
    # The call log's pages and the referral of a caller (which belongs to referrals) share
    # the "hotline" namespace: Django reverses a namespace through its first include only.
    path(
        "hotline/",
        include(([*hotline_urls.urlpatterns, *call_referral_urls.urlpatterns], "hotline")),
    ),
    path("notifications/", include("himoya.notifications.urls")),
    # The living style guide of the design system (docs/design.md), for signed-in staff.
    path("styleguide/", core_views.styleguide, name="styleguide"),
    prefix_default_language=False,
)

handler400 = "himoya.core.views.bad_request"
handler403 = "himoya.core.views.forbidden"
handler404 = "himoya.core.views.not_found"
handler500 = "himoya.core.views.server_error"
