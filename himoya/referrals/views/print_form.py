"""The printable referral form: what the receiving organisation may read, on A4 paper,
with room for the signatures of both sides.

Either side may print it (get_referral_for_user: outsider 404, wrong role 403), and it
holds exactly the receiver's shared view (himoya.referrals.access.shared_view): nothing
of the sender's notes, case or staff. While the referral is closed or the consent no
longer stands there is no shared view, so the page says why and prints nothing of the
client. Opening the form is audited like opening the page: in the receiver's log
without the client code, in the sender's with it.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from himoya.referrals.access import RECEIVER, get_referral_for_user, shared_view
from himoya.referrals.audit import record_referral_read
from himoya.referrals.views.shared import shared_rows


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def referral_print(request, referral_id):
    referral, side = get_referral_for_user(request.user, referral_id)
    view = shared_view(referral)
    # Opening the form is audited like opening the referral's page, whether or not
    # there is still something to print.
    if side == RECEIVER:
        record_referral_read(request, referral, "referral_print", referral.to_organisation)
    else:
        record_referral_read(
            request,
            referral,
            "referral_print",
            referral.from_organisation,
            client=referral.client.code,
        )
    context = {
        "referral": referral,
        "is_receiver": side == RECEIVER,
        "view": view,
        "shared": shared_rows(view) if view is not None else [],
        "printed_at": timezone.now(),
    }
    return render(request, "referrals/print_form.html", context)
