from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "himoya.incidents"
    label = "incidents"

    def ready(self):
        # The case page and /cases/<case_id>/ know incidents only through these hooks.
        from himoya.cases.extensions import CasePanel, register_case_panel, register_case_urls
        from himoya.incidents.views import case_page_incidents

        register_case_urls("incidents/", "himoya.incidents.urls")
        register_case_panel(CasePanel("next_step", "incidents/_case_next_step.html"))
        register_case_panel(
            CasePanel("records", "incidents/_case_incidents.html", case_page_incidents)
        )
