from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "himoya.notifications"
    label = "notifications"

    def ready(self):
        from himoya.notifications import receivers  # noqa: F401  (connects the receivers)
