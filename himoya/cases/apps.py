from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "himoya.cases"
    label = "cases"

    def ready(self):
        # Key rotation and retention (below cases) find the cases' files and clients here.
        from himoya.cases.attachment_files import sealed_attachments
        from himoya.cases.retention import anonymise_due_clients
        from himoya.core.retention import RetentionTask, register_retention_task
        from himoya.core.sealed_files import SealedFiles, register_sealed_files

        register_sealed_files(SealedFiles("cases.Attachment", sealed_attachments))
        register_retention_task(RetentionTask("cases.clients", anonymise_due_clients))
