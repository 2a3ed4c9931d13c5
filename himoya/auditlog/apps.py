from django.apps import AppConfig


class AuditlogConfig(AppConfig):
    """The audit log's pages and API: they read the chain of himoya.audit (no models)."""

    name = "himoya.auditlog"
    label = "auditlog"

    def ready(self):
        # The apps above label their own records (himoya.auditlog.labels).
        from himoya.auditlog.labels import register_lower_labels

        register_lower_labels()
