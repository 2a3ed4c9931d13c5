"""Case API: attachments. The list and the upload, and the download of one file,
served only after the same access check as the case, and audited."""

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import File, Schema, Status
from ninja.files import UploadedFile

from himoya.accounts.api_auth import AUTH
from himoya.cases import attachment_files
from himoya.cases.api.common import (
    ERROR_RESPONSES,
    READ_ERRORS,
    case_record,
    readable_case,
    refusals,
    replay_record,
    router,
    writable_case,
)
from himoya.cases.api.schemas import username
from himoya.cases.audit import record_read
from himoya.cases.models import Attachment
from himoya.cases.services.attachments import add_attachment
from himoya.core.api import json_error
from himoya.core.crypto import DecryptionError
from himoya.core.idempotency import idempotent

logger = logging.getLogger(__name__)

TAGS = ["case sections"]


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: str | None
    created_at: datetime

    @staticmethod
    def resolve_uploaded_by(obj):
        return username(obj.uploaded_by)


@router.get(
    "/{int:case_id}/attachments",
    operation_id="himoya_cases_api_attachments_list_attachments",
    response={200: list[AttachmentOut], **READ_ERRORS},
    auth=AUTH,
    tags=TAGS,
    summary="Attachments of a case",
)
def list_attachments(request, case_id: int):
    """The files attached to the case (names decrypted), newest first. Audited."""
    case = readable_case(request, case_id)
    record_read(request, case, what="attachments")
    return list(case.attachments.select_related("uploaded_by"))


@router.post(
    "/{int:case_id}/attachments",
    operation_id="himoya_cases_api_attachments_create_attachment",
    response={201: AttachmentOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Attach a file",
)
@idempotent(replay_record(Attachment, "attachments"))
@refusals
def create_attachment(request, case_id: int, file: File[UploadedFile]):
    """Upload a PDF, JPEG or PNG file (multipart form, field `file`, up to the size
    limit). The content is sniffed: a file whose bytes do not match its name and
    declared type is refused (422). Stored encrypted; nothing is written on refusal."""
    case = writable_case(request, case_id)
    try:
        attachment = add_attachment(case, actor=request.auth, uploaded=file, request=request)
    except ValidationError as refused:
        raise ValidationError({"file": refused.messages}) from None
    return Status(201, attachment)


@router.get(
    "/{int:case_id}/attachments/{int:attachment_id}/content",
    operation_id="himoya_cases_api_attachments_download_attachment",
    response={200: None, **READ_ERRORS},
    auth=AUTH,
    tags=TAGS,
    summary="Download an attachment",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, as an attachment download.",
                "content": {
                    "application/pdf": {},
                    "image/jpeg": {},
                    "image/png": {},
                },
            }
        }
    },
)
def download_attachment(request, case_id: int, attachment_id: int):
    """The file itself, decrypted, as a download (never shown inline). Audited."""
    case = readable_case(request, case_id)
    attachment = case_record(request, case, Attachment, attachment_id)
    try:
        data = attachment_files.load(attachment.storage_name)
    except (OSError, DecryptionError):
        # A file gone from the disk, or altered: never serve something other than what
        # was stored. The page says the same (views.attachments.attachment_download).
        logger.exception("attachment %s cannot be read", attachment.pk)
        return json_error(500, _("This file cannot be read. Tell your administrator."))
    record_read(request, case, attachment, what="attachment")
    response = HttpResponse(data, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
