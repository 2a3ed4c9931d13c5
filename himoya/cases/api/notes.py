"""Case API: case notes, encrypted free text, read and added."""

from datetime import datetime

from ninja import Schema, Status
from pydantic import Field

from himoya.accounts.api_auth import AUTH
from himoya.cases.api.common import (
    ERROR_RESPONSES,
    READ_ERRORS,
    readable_case,
    refusals,
    replay_record,
    router,
    writable_case,
)
from himoya.cases.api.schemas import TEXT_MAX, StrictIn, username
from himoya.cases.audit import record_read
from himoya.cases.models import Note
from himoya.cases.services.notes import add_note
from himoya.core.idempotency import idempotent
from himoya.core.schemas import MultiLineText

TAGS = ["case sections"]


class NoteOut(Schema):
    id: int
    author: str | None
    text: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj):
        return username(obj.author)


class NoteIn(StrictIn):
    text: MultiLineText = Field(..., min_length=1, max_length=TEXT_MAX)


@router.get(
    "/{int:case_id}/notes",
    operation_id="himoya_cases_api_sections_list_notes",
    response={200: list[NoteOut], **READ_ERRORS},
    auth=AUTH,
    tags=TAGS,
    summary="Case notes",
)
def list_notes(request, case_id: int):
    """The case notes (decrypted), newest first. Audited."""
    case = readable_case(request, case_id)
    record_read(request, case, what="notes")
    return list(case.notes.select_related("author"))


@router.post(
    "/{int:case_id}/notes",
    operation_id="himoya_cases_api_sections_write_create_note",
    response={201: NoteOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Add a note",
)
@idempotent(replay_record(Note, "notes"))
@refusals
def create_note(request, case_id: int, payload: NoteIn):
    """A case note, stored encrypted."""
    case = writable_case(request, case_id)
    note = add_note(case, actor=request.auth, text=payload.text, request=request)
    return Status(201, note)
