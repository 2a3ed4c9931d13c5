from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "himoya.incidents"
    label = "incidents"

    def ready(self):
        # The case page knows incidents only through these panels (the incident pages are
        # wired under /cases/<case_id>/incidents/ in himoya/urls.py).
        from himoya.cases.extensions import CasePanel, register_case_panel
        from himoya.incidents.views import case_page_incidents

        register_case_panel(CasePanel("next_step", "incidents/_case_next_step.html"))
        register_case_panel(
            CasePanel("records", "incidents/_case_incidents.html", case_page_incidents)
        )
        # The audit log (below incidents) names its records through here.
        from himoya.incidents import audit_labels

        audit_labels.register()
