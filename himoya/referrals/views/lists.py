"""The receiving organisation's inbox and the sending side's list of referrals sent.

Lists show only clear columns of the referral itself: no client data of the sender
and no encrypted field. The inbox shows a referral's needs only while the receiver may
read the shared data, checked for the whole page at once (readable_shared), so the
number of queries does not depend on the page size. Both lists go through
himoya.referrals.access.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from himoya.accounts.roles import holds_any
from himoya.core.paging import COUNT_CAP, BadPage, capped_counts, list_page
from himoya.directory.search import NEEDS
from himoya.referrals.access import (
    RECEIVER_ROLES,
    SENDER_ROLES,
    readable_shared,
    received_referrals,
    sent_referrals,
)
from himoya.referrals.deadlines import deadline_label
from himoya.referrals.forms.lists import ALL, StatusFilterForm
from himoya.referrals.models import ReferralStatus, Urgency, urgency_label
from himoya.referrals.services.expiry import expire_overdue
from himoya.referrals.views.shared import duration_text

PAGE_SIZE = 25
STATUS_COUNT_CAP = 1000
NAMES = ("name_tg", "name_ru", "name_en")
BASE_COLUMNS = (
    "id",
    "urgency",
    "status",
    "needs",
    "sent_at",
    "expires_at",
    "respond_by",
    "service__id",
    *(f"service__{name}" for name in NAMES),
)
INBOX_COLUMNS = (
    *BASE_COLUMNS,
    "from_organisation__id",
    *(f"from_organisation__{name}" for name in NAMES),
    # What readable_shared needs to decide whether the row may show the needs.
    "client_id",
    "to_organisation_id",
    "from_case_id",
    "service__sector",
)
SENT_COLUMNS = (
    *BASE_COLUMNS,
    "accepted_at",
    "completed_at",
    "client__id",
    "client__code",
    "to_organisation__id",
    *(f"to_organisation__{name}" for name in NAMES),
)


def _labels() -> dict:
    """Choice labels translated once per page, not once per row."""
    return {
        "status": {value: str(label) for value, label in ReferralStatus.choices},
        # With the response deadline: "urgent: answer within 1 working day".
        "urgency": {value: urgency_label(value) for value in Urgency.values},
        "needs": {key: str(label) for key, (label, _types) in NEEDS.items()},
    }


def _row(referral, labels, today, needs_shown=True, now=None) -> dict:
    # Calendar days in the site's time zone, as the "Received" date is shown.
    age_days = (today - timezone.localtime(referral.sent_at).date()).days
    return {
        "pk": referral.pk,
        "link": reverse("referrals:detail", args=[referral.pk]),
        "reference": referral.reference,
        "urgency": referral.urgency,
        "urgency_label": labels["urgency"].get(referral.urgency, referral.urgency),
        "status": referral.status,
        "status_label": labels["status"].get(referral.status, referral.status),
        "sent_at": referral.sent_at,
        "age_days": age_days,
        "age": ngettext("%(count)d day", "%(count)d days", age_days) % {"count": age_days},
        "expires_at": referral.expires_at,
        "respond_by": referral.respond_by,
        "respond_by_label": deadline_label(referral.respond_by),
        "overdue": referral.is_overdue(now),
        "service": referral.service.name,
        "needs": (
            ", ".join(labels["needs"].get(key, key) for key in referral.needs)
            if needs_shown
            else ""
        ),
    }


def _status_counts(queryset) -> list[dict]:
    """(status, label, count, more) for every status, each count stopped at
    STATUS_COUNT_CAP ("more": shown as "1000+"). One indexed count per status, which
    both databases answer faster than one GROUP BY over a large inbox, sent together."""
    counts = capped_counts(
        {value: queryset.filter(status=value) for value in ReferralStatus.values},
        STATUS_COUNT_CAP,
    )
    return [
        {
            "status": value,
            "label": label,
            "count": min(counts[value], STATUS_COUNT_CAP),
            "more": counts[value] > STATUS_COUNT_CAP,
        }
        for value, label in ReferralStatus.choices
    ]


def _page(request, queryset, columns, order, form, counts):
    """The filtered page, or BadPage. The total comes from the status counts while
    they are exact, else from a count of its own that stops at COUNT_CAP."""
    chosen = form.chosen()
    if chosen != ALL:
        queryset = queryset.filter(status=chosen)
    shown = [row for row in counts if chosen in (ALL, row["status"])]
    exact = not any(row["more"] for row in shown)
    if form.overdue_only():
        # Unanswered after the response deadline (Referral.is_overdue); the status
        # counts no longer give the total.
        queryset = queryset.filter(status=ReferralStatus.SENT, respond_by__lte=timezone.now())
        exact = False
    rows = queryset.select_related(*{c.split("__")[0] for c in columns if "__" in c})
    return list_page(
        rows.only(*columns).order_by(*order),
        request.GET.get("page"),
        PAGE_SIZE,
        count=sum(row["count"] for row in shown) if exact else None,
        cap=COUNT_CAP,
    )


def _render(request, template, form, counts, page=None, rows=(), error="", status=200):
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "chosen": form.chosen() if form.is_valid() else form.default,
        "overdue_only": form.overdue_only(),
        "counts": counts,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "error": error,
    }
    return render(request, template, context, status=status)


def _list(request, template, queryset, columns, order, default, extra_row, *, receiver=False):
    """The list page; for the receiver, a row shows the needs (part of the sender's
    shared data) only while that data is readable: open, with the consent standing."""
    form = StatusFilterForm(request.GET, default=default)
    counts = _status_counts(queryset)
    if not form.is_valid():
        return _render(
            request, template, form, counts, error=_("Check the filters below."), status=400
        )
    try:
        page = _page(request, queryset, columns, order, form, counts)
    except BadPage as error:
        return _render(request, template, form, counts, error=str(error), status=400)
    labels, now = _labels(), timezone.now()
    today = timezone.localdate(now)
    referrals = list(page)
    readable = readable_shared(referrals) if receiver else {r.pk for r in referrals}
    rows = [
        {**_row(referral, labels, today, referral.pk in readable, now), **extra_row(referral)}
        for referral in referrals
    ]
    return _render(request, template, form, counts, page, rows)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def inbox(request):
    """Referrals to the user's organisations: most urgent first, then oldest first."""
    if not holds_any(request.user, RECEIVER_ROLES):
        raise PermissionDenied
    # Expiry runs here too, so it works without a scheduled job; cheap and indexed.
    expire_overdue()
    return _list(
        request,
        "referrals/inbox.html",
        received_referrals(request.user),
        INBOX_COLUMNS,
        ("urgency", "sent_at", "id"),
        ReferralStatus.SENT,
        lambda referral: {"from_organisation": referral.from_organisation.name},
        receiver=True,
    )


def _duration(start, end):
    return end - start if start and end else None


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def sent_list(request):
    """Referrals the user follows as the sender: status, dates and times, newest first."""
    if not holds_any(request.user, SENDER_ROLES):
        raise PermissionDenied
    # As on the inbox: a referral past its expiry is expired before the list is read,
    # so "sent" means still waiting for an answer on both sides.
    expire_overdue()
    return _list(
        request,
        "referrals/sent.html",
        sent_referrals(request.user),
        SENT_COLUMNS,
        ("-sent_at", "-id"),
        ALL,
        lambda referral: {
            "client_code": referral.client.code,
            "to_organisation": referral.to_organisation.name,
            "accepted_at": referral.accepted_at,
            "completed_at": referral.completed_at,
            "to_acceptance": duration_text(_duration(referral.sent_at, referral.accepted_at)),
            "to_service": duration_text(_duration(referral.sent_at, referral.completed_at)),
        },
    )
