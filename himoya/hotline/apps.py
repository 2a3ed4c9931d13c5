from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "himoya.hotline"
    label = "hotline"
