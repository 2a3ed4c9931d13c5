"""Case pages. Each concern keeps its own URL module; all mount under /cases/."""

from django.urls import include, path

app_name = "cases"
urlpatterns = [
    path("", include("himoya.cases.urls_case")),
    path("<int:case_id>/", include("himoya.cases.urls_sections")),
    path("<int:case_id>/consent/", include("himoya.clients.urls")),
    path("<int:case_id>/incidents/", include("himoya.incidents.urls")),
]
