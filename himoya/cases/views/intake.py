"""Intake: the first contact, on a phone, in any of the three languages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from himoya.cases.access import case_organisations
from himoya.cases.forms.intake import IntakeForm
from himoya.cases.services import intake as services
from himoya.cases.views.common import copy_errors


@never_cache
@login_required
def intake(request):
    organisations = case_organisations(request.user).order_by("slug")
    if not organisations.exists():
        # Analysts, admins, operators: members, but not of a role that opens cases.
        raise PermissionDenied
    form = IntakeForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    context = {"form": form, "duplicates": []}
    if request.method != "POST":
        return render(request, "cases/intake.html", context)
    if not form.is_valid():
        return render(request, "cases/intake.html", context, status=400)
    organisation = form.cleaned_data["organisation"]
    client_fields = form.client_fields()
    duplicates, others = services.possible_duplicates(
        request.user, organisation, client_fields["name"], client_fields["birth_date"]
    )
    if (duplicates or others) and not form.cleaned_data["confirm_duplicate"]:
        # Ask before creating a second record for what may be the same person.
        context.update(duplicates=duplicates, other_duplicates=others)
        return render(request, "cases/intake.html", context, status=409)
    try:
        case = services.intake(
            request.user,
            organisation,
            client_fields=client_fields,
            consent_method=form.cleaned_data["consent_method"],
            child_consent=form.child_consent(),
            priority=form.cleaned_data["priority"],
            request=request,
        )
    except ValidationError as error:
        copy_errors(form, error)
        return render(request, "cases/intake.html", context, status=400)
    messages.success(request, _("Case opened for client %(code)s.") % {"code": case.client.code})
    # ?new=1 makes the case page offer "next: record what happened".
    return redirect(reverse("cases:detail", args=[case.pk]) + "?new=1")
