"""Template helpers of the referral pages: the nav link, durations, a case's referrals."""

from django import template
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from himoya.referrals.access import RECEIVER_ROLES, referrals_visible_to
from himoya.referrals.views_lists import SENDER_ROLES

register = template.Library()


@register.filter
def referrals_home(user) -> str:
    """The inbox for caseworkers and supervisors, the sent list for hotline operators,
    "" for everyone else; cached on the user for the request."""
    if not getattr(user, "is_authenticated", False):
        return ""
    cached = getattr(user, "_himoya_referrals_home", None)
    if cached is None:
        roles = set(user.memberships.filter(is_active=True).values_list("role", flat=True))
        if roles & set(RECEIVER_ROLES):
            cached = reverse("referrals:inbox")
        elif roles & set(SENDER_ROLES):
            cached = reverse("referrals:sent")
        else:
            cached = ""
        user._himoya_referrals_home = cached
    return cached


@register.filter
def duration(value) -> str:
    """A timedelta in days and hours, the way people say how long something took."""
    if value is None:
        return "—"
    hours = int(value.total_seconds() // 3600)
    days, hours = divmod(hours, 24)
    parts = []
    if days:
        parts.append(ngettext("%(count)d day", "%(count)d days", days) % {"count": days})
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    return ", ".join(parts) or _("less than an hour")


@register.inclusion_tag("referrals/_case_section.html", takes_context=True)
def case_referrals(context, case, can_write=False):
    """The referrals section of a case page: referrals sent from this case and the one
    that brought the client here, as far as the viewer may see them."""
    request = context["request"]
    referrals = (
        referrals_visible_to(request.user)
        .filter(Q(from_case=case) | Q(receiving_case=case))
        .select_related("from_organisation", "to_organisation", "service")
        .order_by("-sent_at", "-id")[:50]
    )
    return {"case": case, "referrals": list(referrals), "can_write": can_write, "request": request}


@register.filter
def need_list(keys) -> str:
    from himoya.referrals.views_shared import need_labels

    return ", ".join(need_labels(keys or ()))
