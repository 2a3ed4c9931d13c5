from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "himoya.clients"
    label = "clients"
