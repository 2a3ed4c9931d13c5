"""Attachments of a case: the checked, encrypted file and the row that names it."""

from django.db import transaction

from himoya.cases import attachment_files
from himoya.cases.models import Attachment, Case
from himoya.cases.services.common import audit_write, lock_open_case


def add_attachment(case: Case, *, actor, uploaded, request=None) -> Attachment:
    """Check the file (attachment_files.check_upload), store it encrypted, record the row.

    The file is written before the row; if the row is not written the file is removed,
    so no unreferenced plaintext-free blob is left behind either.
    """
    checked = attachment_files.check_upload(uploaded)
    storage_name, digest = attachment_files.store(checked.data)
    try:
        with transaction.atomic():
            locked = lock_open_case(case)
            attachment = Attachment.objects.create(
                case=locked,
                uploaded_by=actor,
                filename=checked.filename,
                content_type=checked.content_type,
                size=len(checked.data),
                storage_name=storage_name,
                sha256=digest,
            )
            audit_write(
                created=True,
                actor=actor,
                request=request,
                case=locked,
                obj=attachment,
                what="attachment",
                fields=["file"],
            )
    except BaseException:
        attachment_files.remove(storage_name)
        raise
    return attachment
