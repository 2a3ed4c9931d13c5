from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "himoya.core"
    label = "core"
