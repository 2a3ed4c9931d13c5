from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "himoya.notifications"
    label = "notifications"

    def ready(self):
        from himoya.core import registry
        from himoya.notifications import receivers  # noqa: F401  (connects the receivers)
        from himoya.notifications.dashboard import notification_panel

        registry.register_nav_link("notifications/_nav_link.html", order=40)
        registry.register_dashboard_panel("notifications", panel=notification_panel, order=40)
