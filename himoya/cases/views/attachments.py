"""Attachments: upload (checked, encrypted on disk) and download through the access check."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from himoya.cases import attachment_files
from himoya.cases.audit import record_read
from himoya.cases.forms.attachments import AttachmentForm
from himoya.cases.models import Attachment
from himoya.cases.services.attachments import add_attachment
from himoya.cases.views.common import copy_errors
from himoya.cases.views.sections import refuse_closed, render_section, section_case, section_record
from himoya.core.crypto import DecryptionError

logger = logging.getLogger(__name__)


def _attachments_page(request, case, form=None, status=200):
    rows = list(case.attachments.select_related("uploaded_by"))
    record_read(request, case, what="attachments")
    return render_section(
        request,
        case,
        "attachments",
        "cases/section_attachments.html",
        {
            "form": form or AttachmentForm(),
            "attachments": rows,
            "writable": not case.is_closed,
            "max_bytes": settings.HIMOYA_ATTACHMENT_MAX_BYTES,
        },
        status=status,
    )


@refuse_closed
@require_http_methods(["GET", "HEAD"])
def attachments_view(request, case_id):
    return _attachments_page(request, section_case(request, case_id))


@refuse_closed
@require_POST
def attachment_add(request, case_id):
    case = section_case(request, case_id, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add_attachment(
                case, actor=request.user, uploaded=form.cleaned_data["file"], request=request
            )
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("File attached."))
            return redirect("cases:attachments", case.pk)
    return _attachments_page(request, case, form, status=400)


@login_required
@require_safe
def attachment_download(request, case_id, attachment_id):
    attachment, case = section_record(request, case_id, Attachment, attachment_id)
    try:
        data = attachment_files.load(attachment.storage_name)
    except (OSError, DecryptionError):
        # Never serve something other than what was stored; say so plainly.
        logger.exception("attachment %s cannot be read", attachment.pk)
        return HttpResponse(
            _("This file cannot be read. Tell your administrator."),
            status=500,
            content_type="text/plain; charset=utf-8",
        )
    record_read(request, case, obj=attachment, what="attachment")
    response = HttpResponse(data, content_type=attachment.content_type)
    response["Content-Disposition"] = _disposition(attachment.filename)
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _disposition(filename: str) -> str:
    """Always a download, never shown inline; non-ASCII names per RFC 6266/5987."""
    return content_disposition_header(as_attachment=True, filename=filename)
