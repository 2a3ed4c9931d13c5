"""Organisation admins edit their own directory entry: the organisation, its services
and locations. Every view fetches through get_organisation_for_user (outsider 404,
wrong role 403); writes go through himoya.directory.services.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from himoya.core.collation import sorted_by_name
from himoya.core.roles import Role
from himoya.core.versioning import StaleEditError, describe_changes
from himoya.directory import services
from himoya.directory.access import get_organisation_for_user
from himoya.directory.forms import LocationForm, OrganisationForm, ServiceForm
from himoya.directory.models import SECTOR_OF_SERVICE_TYPE, Location, Phone, Service
from himoya.directory.snapshots import (
    location_snapshot,
    organisation_snapshot,
    service_snapshot,
)

ADMIN_ROLES = (Role.ORG_ADMIN,)


def _organisation(request, slug):
    return get_organisation_for_user(request.user, slug, roles=ADMIN_ROLES)


def _service_of(organisation, pk) -> Service:
    """A service of this organisation only: another organisation's id is not found."""
    service = Service.objects.filter(organisation=organisation, pk=pk).first()
    if service is None:
        raise Http404
    return service


def _location_of(organisation, pk) -> Location:
    location = Location.objects.filter(organisation=organisation, pk=pk).first()
    if location is None:
        raise Http404
    return location


@login_required
@require_safe
def manage(request, slug):
    organisation = _organisation(request, slug)
    service_list = sorted_by_name(
        organisation.services.prefetch_related(
            "locations", Prefetch("phones", queryset=Phone.objects.order_by("id"))
        )
    )
    service_list.sort(key=lambda service: not service.is_active)
    return render(
        request,
        "directory/manage/overview.html",
        {
            "organisation": organisation,
            "services": service_list,
            "locations": organisation.locations.select_related("district", "jamoat"),
        },
    )


def _apply_errors(form, error: ValidationError) -> None:
    """Show the service layer's field messages next to the fields they belong to."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def _stale(request, form_class, snapshot, current, form_kwargs):
    """Rebuild the form with the user's input on top of the current version, and say
    which fields someone else changed meanwhile."""
    stored = snapshot(current)
    submitted = form_class(request.POST, **form_kwargs)
    submitted.is_valid()
    baseline = submitted.baseline_values()
    changed = [name for name, value in stored.items() if baseline.get(name) != value]
    labels = [str(submitted.fields[name].label) for name in changed if name in submitted.fields]
    data = request.POST.copy()
    data["version"] = str(current.version)
    data["baseline"] = form_class.sign_baseline(stored)
    form = form_class(data, **form_kwargs)
    form.is_valid()
    form.stale_fields = changed
    form.stale_changes = describe_changes(form, {name: stored[name] for name in changed})
    messages.error(
        request,
        _(
            "Someone else saved this record while you were editing it. Changed meanwhile: "
            "%(fields)s. Nothing was saved: your input is kept below; check it and save again."
        )
        % {"fields": ", ".join(labels) or _("no visible field")},
    )
    return form


def _edit(request, *, form_class, form_kwargs, record, snapshot, save, template, context):
    """The shared GET/POST cycle of a versioned edit form.

    `save(form)` performs the write; StaleEditError gives 409 and keeps the input,
    ValidationError gives 400 with the messages beside the fields.
    """
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid() and record is not None and not form.cleaned_data.get("version"):
            form.add_error(None, _("The form is missing its version. Reload the page."))
        if form.is_valid():
            try:
                saved = save(form)
            except StaleEditError as stale:
                form = _stale(request, form_class, snapshot, stale.current, form_kwargs)
                status = 409
            except ValidationError as error:
                _apply_errors(form, error)
                status = 400
            else:
                messages.success(request, _("Saved: %(name)s.") % {"name": saved})
                return redirect("directory:manage", context["organisation"].slug)
        else:
            status = 400
    else:
        initial = snapshot(record) if record is not None else {}
        if record is not None:
            initial = {
                **initial,
                "version": record.version,
                "baseline": form_class.sign_baseline(initial),
            }
        form = form_class(initial=initial, **form_kwargs)
    return render(request, template, {**context, "form": form}, status=status)


def _translated_data(form) -> dict:
    return {
        f"{name}_{code}": form.cleaned_data[f"{name}_{code}"]
        for name in form.TRANSLATED
        for code in ("tg", "ru", "en")
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_edit(request, slug):
    organisation = _organisation(request, slug)

    def save(form):
        data = {
            **_translated_data(form),
            "district": form.cleaned_data["district"],
            "email": form.cleaned_data["email"],
            "website": form.cleaned_data["website"],
        }
        return services.update_organisation(
            organisation,
            expected_version=form.cleaned_data["version"],
            data=data,
            actor=request.user,
            request=request,
        )

    return _edit(
        request,
        form_class=OrganisationForm,
        form_kwargs={},
        record=organisation,
        snapshot=organisation_snapshot,
        save=save,
        template="directory/manage/organisation_form.html",
        context={"organisation": organisation},
    )


def _service_data(form) -> dict:
    service_type = form.cleaned_data["service_type"]
    return {
        **_translated_data(form),
        "service_type": service_type,
        "sector": str(SECTOR_OF_SERVICE_TYPE[service_type]),
        "languages": form.cleaned_data["languages"],
        "is_free": form.cleaned_data["is_free"],
        "capacity": form.cleaned_data["capacity"],
        "email": form.cleaned_data["email"],
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def service_create(request, slug):
    organisation = _organisation(request, slug)

    def save(form):
        return services.create_service(
            organisation=organisation,
            data=_service_data(form),
            districts=form.cleaned_data["districts_served"],
            locations=form.cleaned_data["locations"],
            phones=form.cleaned_data["phones"],
            actor=request.user,
            request=request,
        )

    return _edit(
        request,
        form_class=ServiceForm,
        form_kwargs={"organisation": organisation},
        record=None,
        snapshot=service_snapshot,
        save=save,
        template="directory/manage/service_form.html",
        context={"organisation": organisation, "service": None},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def service_edit(request, slug, pk):
    organisation = _organisation(request, slug)
    service = _service_of(organisation, pk)

    def save(form):
        return services.update_service(
            service,
            expected_version=form.cleaned_data["version"],
            data=_service_data(form),
            districts=form.cleaned_data["districts_served"],
            locations=form.cleaned_data["locations"],
            phones=form.cleaned_data["phones"],
            actor=request.user,
            request=request,
        )

    return _edit(
        request,
        form_class=ServiceForm,
        form_kwargs={"organisation": organisation},
        record=service,
        snapshot=service_snapshot,
        save=save,
        template="directory/manage/service_form.html",
        context={"organisation": organisation, "service": service},
    )


@login_required
@require_POST
def service_set_active(request, slug, pk):
    """Deactivate (hide from the public) or reactivate a service."""
    organisation = _organisation(request, slug)
    service = _service_of(organisation, pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = 0
    activate = request.POST.get("active") == "1"
    try:
        if activate:
            services.update_service(
                service,
                expected_version=version,
                data={"is_active": True},
                actor=request.user,
                request=request,
            )
        else:
            services.deactivate_service(
                service, expected_version=version, actor=request.user, request=request
            )
    except StaleEditError:
        messages.error(
            request,
            _("Someone else changed this service meanwhile. Nothing was changed; try again."),
        )
    else:
        messages.success(
            request, _("The service is shown again.") if activate else _("The service is hidden.")
        )
    return redirect("directory:manage", organisation.slug)


def _location_data(form) -> dict:
    return {
        **_translated_data(form),
        "district": form.cleaned_data["district"],
        "jamoat": form.cleaned_data["jamoat"] or None,
        "is_confidential": form.cleaned_data["is_confidential"],
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def location_create(request, slug):
    organisation = _organisation(request, slug)

    def save(form):
        return services.create_location(
            organisation, data=_location_data(form), actor=request.user, request=request
        )

    return _edit(
        request,
        form_class=LocationForm,
        form_kwargs={},
        record=None,
        snapshot=location_snapshot,
        save=save,
        template="directory/manage/location_form.html",
        context={"organisation": organisation, "location": None},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def location_edit(request, slug, pk):
    organisation = _organisation(request, slug)
    location = _location_of(organisation, pk)

    def save(form):
        return services.update_location(
            location,
            expected_version=form.cleaned_data["version"],
            data=_location_data(form),
            actor=request.user,
            request=request,
        )

    return _edit(
        request,
        form_class=LocationForm,
        form_kwargs={},
        record=location,
        snapshot=location_snapshot,
        save=save,
        template="directory/manage/location_form.html",
        context={"organisation": organisation, "location": location},
    )
