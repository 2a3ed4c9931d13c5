"""Case notes: encrypted free text, added and never edited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from himoya.cases.models import Case, Note
from himoya.cases.services.common import audit_write, lock_open_case


def add_note(case: Case, *, actor, text: str, request=None) -> Note:
    if not text.strip():
        raise ValidationError({"text": _("The note is empty.")})
    with transaction.atomic():
        locked = lock_open_case(case)
        note = Note.objects.create(case=locked, author=actor, text=text)
        audit_write(
            created=True,
            actor=actor,
            request=request,
            case=locked,
            obj=note,
            what="note",
            fields=["text"],
        )
    return note
