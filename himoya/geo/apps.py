from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "himoya.geo"
    label = "geo"
