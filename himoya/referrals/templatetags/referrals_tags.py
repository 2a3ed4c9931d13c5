"""Template helpers of the referral pages: the nav link, durations, a case's referrals."""

from django import template
from django.urls import reverse

from himoya.accounts.roles import holds_any
from himoya.referrals.access import RECEIVER_ROLES, SENDER_ROLES
from himoya.referrals.models import urgency_label
from himoya.referrals.views.shared import duration_after, need_labels

register = template.Library()


@register.filter
def referrals_home(user) -> str:
    """The inbox for caseworkers and supervisors, the sent list for hotline operators,
    "" for everyone else."""
    if holds_any(user, RECEIVER_ROLES):
        return reverse("referrals:inbox")
    if holds_any(user, SENDER_ROLES):
        return reverse("referrals:sent")
    return ""


@register.filter
def after_duration(value) -> str:
    return duration_after(value)


@register.filter
def urgency_with_deadline(value) -> str:
    """ "urgent: answer within 1 working day": the urgency says its response deadline."""
    return urgency_label(value)


@register.filter
def need_list(keys) -> str:
    return ", ".join(need_labels(keys or ()))


# The tag colours of the design system for a referral's status: amber waits for an
# answer, blue is being served, green is done, red was refused, grey ended otherwise.
STATUS_TONES = {"sent": "amber", "accepted": "blue", "completed": "green", "declined": "red"}


@register.filter
def status_tone(status) -> str:
    """The tag colour of a referral status: {{ referral.status|status_tone }}."""
    return STATUS_TONES.get(str(status), "grey")
