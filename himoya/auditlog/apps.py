from django.apps import AppConfig


class AuditlogConfig(AppConfig):
    """The audit log's pages and API: they read the chain of himoya.audit (no models)."""

    name = "himoya.auditlog"
    label = "auditlog"
