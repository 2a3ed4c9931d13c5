from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "himoya.notifications"
    label = "notifications"
