from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "himoya.cases"
    label = "cases"

    def ready(self):
        from himoya.cases.work import work_counts
        from himoya.core import registry
        from himoya.core.roles import Role

        registry.register_nav_link("cases/_nav_link.html", order=10)
        registry.register_dashboard_panel(
            "cases/_dashboard_work.html",
            name="case_work",
            counts=work_counts,
            order=10,
            roles=(Role.CASEWORKER, Role.SUPERVISOR),
        )
