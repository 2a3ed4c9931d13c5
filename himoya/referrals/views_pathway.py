"""A case's pathway: every referral that links it to other organisations, on one
timeline, limited to what the viewer may see (himoya.referrals.pathway)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from himoya.cases.access import get_case_for_user
from himoya.referrals.pathway import pathway_for
from himoya.referrals.views_shared import need_labels


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def pathway(request, case_id):
    case = get_case_for_user(request.user, case_id)
    items = pathway_for(request.user, case)
    for item in items:
        # item.needs is None once the receiver may no longer read the shared data.
        item.needs_text = ", ".join(need_labels(item.needs or ()))
    response = render(request, "referrals/pathway.html", {"case": case, "items": items})
    response["Cache-Control"] = "no-store"
    return response
