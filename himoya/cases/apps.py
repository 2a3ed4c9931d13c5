from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "himoya.cases"
    label = "cases"

    def ready(self):
        from himoya.cases.dashboard import case_panel
        from himoya.core import registry
        from himoya.core.roles import Role

        registry.register_nav_link("cases/_nav_link.html", order=10)
        registry.register_dashboard_panel(
            "cases",
            panel=case_panel,
            order=10,
            roles=(Role.CASEWORKER, Role.SUPERVISOR),
        )
        # Key rotation and retention (below cases) find the cases' files and clients here.
        from himoya.cases.attachment_files import sealed_attachments
        from himoya.cases.retention import anonymise_due_clients
        from himoya.core.retention import RetentionTask, register_retention_task
        from himoya.core.sealed_files import SealedFiles, register_sealed_files

        register_sealed_files(SealedFiles("cases.Attachment", sealed_attachments))
        register_retention_task(RetentionTask("cases.clients", anonymise_due_clients))
        # The audit log (below cases) names cases, clients and their records through here.
        from himoya.cases import audit_labels

        audit_labels.register()
