from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running an instance: backup and restore, the health check, scheduled-run records."""

    name = "himoya.ops"
    label = "ops"
