"""Services delivered to the survivor: the list and recording a new one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from himoya.cases.audit import record_read
from himoya.cases.forms.service_deliveries import ServiceDeliveryForm
from himoya.cases.services.common import today
from himoya.cases.services.service_deliveries import add_service_delivery
from himoya.cases.views.common import copy_errors
from himoya.cases.views.sections import refuse_closed, render_section, section_case


def _services_page(request, case, form=None, status=200):
    deliveries = list(case.services.select_related("provided_by", "organisation"))
    record_read(request, case, what="services")
    form = form or ServiceDeliveryForm(
        case=case, initial={"date": today(), "provided_by": request.user.pk}
    )
    return render_section(
        request,
        case,
        "services",
        "cases/section_services.html",
        {"form": form, "deliveries": deliveries, "writable": not case.is_closed},
        status=status,
    )


@refuse_closed
@require_http_methods(["GET", "HEAD"])
def services_view(request, case_id):
    return _services_page(request, section_case(request, case_id))


@refuse_closed
@require_POST
def service_add(request, case_id):
    case = section_case(request, case_id, write=True)
    form = ServiceDeliveryForm(request.POST, case=case)
    if form.is_valid():
        try:
            add_service_delivery(
                case, actor=request.user, values=form.cleaned_data, request=request
            )
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("Service recorded."))
            return redirect("cases:services", case.pk)
    return _services_page(request, case, form, status=400)
