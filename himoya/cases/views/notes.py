"""Case notes: encrypted free text, newest first. Reading them is audited."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from himoya.cases.audit import record_read
from himoya.cases.forms.notes import NoteForm
from himoya.cases.services.notes import add_note
from himoya.cases.views.sections import refuse_closed, render_section, section_case


def _notes_page(request, case, form=None, status=200):
    notes = list(case.notes.select_related("author"))
    record_read(request, case, what="notes")
    return render_section(
        request,
        case,
        "notes",
        "cases/section_notes.html",
        {"form": form or NoteForm(), "notes": notes, "writable": not case.is_closed},
        status=status,
    )


@refuse_closed
@require_http_methods(["GET", "HEAD"])
def notes_view(request, case_id):
    return _notes_page(request, section_case(request, case_id))


@refuse_closed
@require_POST
def note_add(request, case_id):
    case = section_case(request, case_id, write=True)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _notes_page(request, case, form, status=400)
    add_note(case, actor=request.user, text=form.cleaned_data["text"], request=request)
    messages.success(request, _("Note added."))
    return redirect("cases:notes", case.pk)
