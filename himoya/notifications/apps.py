from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "himoya.notifications"
    label = "notifications"

    def ready(self):
        from himoya.core import registry
        from himoya.notifications import receivers  # noqa: F401  (connects the receivers)

        registry.register_nav_link("notifications/_nav_link.html", order=40)
