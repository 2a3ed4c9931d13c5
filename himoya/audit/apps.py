from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "himoya.audit"
    label = "audit"
