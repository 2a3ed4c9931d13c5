"""In-app notifications. The text is rendered in the reader's language from the kind and
the referral's reference; nothing identifying the survivor is stored or emailed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REFERRAL_RECEIVED = "referral_received", _("new referral received")
    REFERRAL_ACCEPTED = "referral_accepted", _("referral accepted")
    REFERRAL_DECLINED = "referral_declined", _("referral declined")
    REFERRAL_COMPLETED = "referral_completed", _("referral completed: the service was delivered")
    REFERRAL_WITHDRAWN = "referral_withdrawn", _("referral withdrawn by the sender")
    REFERRAL_WITHDRAWN_CASE_CLOSED = "referral_case_closed", _(
        "referral withdrawn: the sending organisation closed the case"
    )
    REFERRAL_OVERDUE = "referral_overdue", _("referral not answered by its response deadline")
    REFERRAL_EXPIRED = "referral_expired", _("referral expired without an answer")
    REFERRAL_CONSENT_WITHDRAWN = (
        "referral_consent_withdrawn",
        _("consent withdrawn: shared details of a referral are no longer available"),
    )
    CASE_FROM_CALL = "case_from_call", _("a hotline call was opened as a case")
    ACCOUNT_LOCKED = (
        "account_locked",
        _(
            "many failed sign-in attempts on your account: change your password if you did not make them"
        ),
    )
    MEMBER_ACCOUNT_LOCKED = (
        "member_account_locked",
        _("many failed sign-in attempts on the account of a member: see the audit log"),
    )


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("what happened"), max_length=30, choices=NotificationKind.choices)
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "read_at", "-created_at"], name="notification_unread_idx"),
            models.Index(fields=["user", "-created_at", "-id"], name="notification_list_idx"),
        ]
