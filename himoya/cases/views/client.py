"""The client of a case, under /cases/<case_id>/consent/client/: her identifying
details (reading them is audited) and their correction, refused on a stale copy."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from himoya.cases.audit import record_read
from himoya.cases.views.common import copy_errors
from himoya.cases.views.sections import refuse_closed, render_section, section_case
from himoya.clients.consent import CAREGIVER_NEEDED, needs_caregiver_record
from himoya.clients.forms import ClientForm
from himoya.clients.services import update_client
from himoya.core.versioning import StaleEditError

SECTION = "consent"


def _client_page(request, case, template, context, status=200):
    record_read(request, case, obj=case.client, what="client")
    return render_section(
        request, case, SECTION, template, {"client": case.client, **context}, status=status
    )


@refuse_closed
@require_http_methods(["GET", "HEAD"])
def client_detail(request, case_id):
    case = section_case(request, case_id)
    return _client_page(
        request,
        case,
        "clients/client_detail.html",
        {"contact": case.client.safe_contact or {}, "writable": not case.is_closed},
    )


def _changed_meanwhile(form, current) -> list[tuple[str, object]]:
    """(label, stored value) for each field where what is stored now differs from what
    the editor sent: what someone else changed while they were editing."""
    stored = ClientForm.initial_for(current)
    changed = []
    for name, field in form.fields.items():
        if name == "version" or name not in form.cleaned_data:
            continue
        sent = form.cleaned_data[name]
        sent = getattr(sent, "slug", sent)
        if (sent or "") != (stored.get(name) or ""):
            changed.append((field.label, stored.get(name)))
    return changed


@refuse_closed
@require_http_methods(["GET", "HEAD", "POST"])
def client_edit(request, case_id):
    case = section_case(request, case_id, write=True)
    client = case.client
    if client.anonymised_at is not None:
        raise Http404
    if request.method != "POST":
        form = ClientForm(initial=ClientForm.initial_for(client))
        return _client_page(request, case, "clients/client_edit.html", {"form": form})
    form = ClientForm(request.POST, intake_day=client.intake_day)
    if not form.is_valid():
        return _client_page(request, case, "clients/client_edit.html", {"form": form}, 400)
    try:
        update_client(
            client,
            form.cleaned_data["version"],
            form.client_data(),
            request.user,
            request=request,
        )
    except StaleEditError as stale:
        current = stale.current
        # Offer the form again on the current version: sending it again is a decision
        # taken knowing what changed, not a silent overwrite.
        data = request.POST.copy()
        data["version"] = current.version
        return _client_page(
            request,
            case,
            "clients/client_edit.html",
            {
                "form": ClientForm(data, intake_day=client.intake_day),
                "stale": True,
                "changed": _changed_meanwhile(form, current),
            },
            status=409,
        )
    except ValidationError as error:
        copy_errors(form, error)
        return _client_page(request, case, "clients/client_edit.html", {"form": form}, 400)
    messages.success(request, _("Client details saved."))
    client.refresh_from_db()
    if needs_caregiver_record(client):
        # A corrected birth date can make her a child: her consents then count only with
        # a caregiver's, and nothing can be shared until one is recorded.
        messages.warning(request, CAREGIVER_NEEDED)
    return redirect("cases:client_detail", case.pk)
