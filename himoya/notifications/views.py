"""The notification list, and opening one (marks it read, goes to what it is about).

Opening does not itself grant anything: the referral or case page it leads to checks
access again, so a notification about a referral that was withdrawn meanwhile leads
to a page that no longer shows the shared data.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from himoya.core.paging import BadPage, list_page
from himoya.notifications.access import get_notification_for_user, notifications_of
from himoya.notifications.services import mark_read

PAGE_SIZE = 50


@never_cache
@login_required
def notification_list(request):
    """The user's notifications, newest first; ?unread=1 shows the unread ones only
    (what the dashboard's tile counts)."""
    unread = request.GET.get("unread") == "1"
    notifications = notifications_of(request.user).select_related("referral").only(
        "id", "kind", "created_at", "read_at", "referral__id", "case_id"
    )
    if unread:
        notifications = notifications.filter(read_at__isnull=True)
    context = {"unread": unread}
    try:
        context["page"] = list_page(notifications, request.GET.get("page"), PAGE_SIZE)
    except BadPage as error:
        # A ?page= that is not a page: a 400 with a message, as on every list.
        context["page_error"] = str(error)
        return render(request, "notifications/list.html", context, status=400)
    return render(request, "notifications/list.html", context)


def target_url(notification) -> str:
    if notification.referral_id:
        return reverse("referrals:detail", args=[notification.referral_id])
    if notification.case_id:
        return reverse("cases:detail", args=[notification.case_id])
    return reverse("notifications:list")


@never_cache
@login_required
def open_notification(request, notification_id):
    notification = get_notification_for_user(request.user, notification_id)
    if request.method == "POST" or notification.read_at is None:
        mark_read(request.user, [notification.pk])
    return redirect(target_url(notification))


@require_POST
@login_required
def mark_all_read(request):
    mark_read(request.user, None, now=timezone.now())
    return redirect("notifications:list")
