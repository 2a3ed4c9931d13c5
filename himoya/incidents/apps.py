from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "himoya.incidents"
    label = "incidents"
