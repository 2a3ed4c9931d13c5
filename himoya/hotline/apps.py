from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "himoya.hotline"
    label = "hotline"

    def ready(self):
        from himoya.core import registry
        from himoya.hotline.access import CALL_ROLES
        from himoya.hotline.dashboard import call_panel

        registry.register_nav_link("hotline/_nav_link.html", order=20)
        registry.register_dashboard_panel(
            "hotline", panel=call_panel, order=15, roles=CALL_ROLES
        )
        from himoya.core.retention import RetentionTask, register_retention_task
        from himoya.hotline.retention import forget_old_call_details

        register_retention_task(RetentionTask("hotline.calls", forget_old_call_details))
        # The audit log (below hotline) names its records through here.
        from himoya.hotline import audit_labels

        audit_labels.register()
