"""Case API: attachments. The list and the upload, and the download of one file,
served only after the same access check as the case, and audited."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from ninja import Router

from himoya.cases import attachments as files
from himoya.cases.api_common import READ_ERRORS, case_record, readable_case
from himoya.cases.api_schemas import AttachmentOut
from himoya.cases.audit import record_read
from himoya.cases.models import Attachment
from himoya.core.api import AUTH

router = Router(tags=["case sections"])


@router.get(
    "/{int:case_id}/attachments",
    response={200: list[AttachmentOut], **READ_ERRORS},
    auth=AUTH,
    summary="Attachments of a case",
)
def list_attachments(request, case_id: int):
    """The files attached to the case (names decrypted), newest first. Audited."""
    case = readable_case(request, case_id)
    record_read(request, case, what="attachments")
    return list(case.attachments.select_related("uploaded_by"))


@router.get(
    "/{int:case_id}/attachments/{int:attachment_id}/content",
    response={200: None, **READ_ERRORS},
    auth=AUTH,
    summary="Download an attachment",
    openapi_extra={
        "responses": {
            "200": {
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
    data = files.load(attachment.storage_name)
    record_read(request, case, attachment, what="attachment")
    response = HttpResponse(data, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
