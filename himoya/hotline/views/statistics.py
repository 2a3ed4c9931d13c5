"""Call statistics for a period: the organisation's supervisors (operators: 403)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from himoya.hotline.forms import PeriodForm
from himoya.hotline.queries import chosen_organisation, my_organisations
from himoya.hotline.stats import call_statistics


@never_cache
@login_required
@require_safe
def call_stats(request):
    organisation = chosen_organisation(request.user, request.GET.get("organisation"), stats=True)
    data = request.GET.copy()
    data["organisation"] = organisation.slug
    form = PeriodForm(data, organisations=my_organisations(request.user, stats=True))
    context = {"form": form, "organisation": organisation}
    if not form.is_valid():
        context["error"] = _("Check the period below.")
        return render(request, "hotline/call_stats.html", context, status=400)
    context["stats"] = call_statistics(
        organisation, form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    )
    return render(request, "hotline/call_stats.html", context)
