"""Public pages, no sign-in: home, find help, organisations and services.

Inactive records are not shown. Confidential addresses (shelters) never reach these pages.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render

from himoya.core.collation import sorted_by_name
from himoya.core.views import read_only_page
from himoya.directory.forms import FindHelpForm, OrganisationFilterForm
from himoya.directory.models import Location, Organisation, Phone
from himoya.directory.search import (
    EVERYWHERE_TYPES,
    NEEDS,
    find_services,
    public_services,
    results_summary,
)
from himoya.geo.choices import districts_by_region

ORGANISATIONS_PER_PAGE = 50


@read_only_page
def home(request):
    return render(request, "directory/home.html", {"form": FindHelpForm()})


@read_only_page
def find_help(request):
    """Search by district (or region) and need; bad input gets the form again and a 400."""
    submitted = any(request.GET.get(key) for key in ("district", "region", "need"))
    form = FindHelpForm(request.GET if submitted else None)
    context = {"form": form, "results": None, "needs": NEEDS}
    status = 200
    if submitted:
        if not form.is_valid():
            status = 400
        elif form.has_place:
            data = form.cleaned_data
            context["results"] = find_services(
                need=data["need"], district=data["district"], region=data["region"]
            )
            context["need_label"] = NEEDS[data["need"]][0]
            context["summary"] = results_summary(context["results"], context["need_label"])
        else:
            # No place yet: the hotlines serve everywhere, so show them while asking for one.
            context["everywhere"] = sorted_by_name(
                public_services().filter(service_type__in=EVERYWHERE_TYPES),
                key=lambda service: (service.organisation.name, service.name),
            )
    return render(request, "directory/find_help.html", context, status=status)


@read_only_page
def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None)
    organisations = Organisation.objects.filter(is_active=True).select_related(
        "district__region", "parent"
    )
    status = 200
    if form.is_bound:
        if form.is_valid():
            if form.cleaned_data["region"]:
                organisations = organisations.filter(
                    district__region__code=form.cleaned_data["region"]
                )
            if form.cleaned_data["kind"]:
                organisations = organisations.filter(kind=form.cleaned_data["kind"])
        else:
            status = 400
            organisations = organisations.none()
    page = Paginator(sorted_by_name(organisations), ORGANISATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "directory/organisation_list.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
        status=status,
    )


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@read_only_page
def organisation_detail(request, slug):
    organisation = (
        Organisation.objects.filter(slug=slug, is_active=True)
        .select_related("district__region", "parent")
        .prefetch_related(
            Prefetch(
                "phones",
                queryset=Phone.objects.filter(service__isnull=True),
                to_attr="general_phones",
            ),
            Prefetch(
                "locations",
                queryset=Location.objects.select_related("district", "jamoat"),
            ),
            Prefetch(
                "branches",
                queryset=Organisation.objects.filter(is_active=True).select_related("district"),
            ),
        )
        .first()
    )
    if organisation is None or (organisation.parent and not organisation.parent.is_active):
        raise Http404
    services = sorted_by_name(public_services().filter(organisation=organisation))
    organisation.branches_by_name = sorted_by_name(organisation.branches.all())
    return render(
        request,
        "directory/organisation_detail.html",
        {"organisation": organisation, "services": services},
    )


@read_only_page
def service_detail(request, pk):
    service = (
        public_services()
        .select_related("organisation__district__region")
        .prefetch_related("districts_served__region")
        .filter(pk=pk)
        .first()
    )
    if service is None:
        raise Http404
    everywhere = service.service_type in EVERYWHERE_TYPES
    # By region, then alphabetically, as in the district choices.
    served = [
        district
        for _region, districts in districts_by_region(service.districts_served.all())
        for district in districts
    ]
    return render(
        request,
        "directory/service_detail.html",
        {"service": service, "everywhere": everywhere, "districts_served": served},
    )
