"""A referral: organisation A asks organisation B to give a survivor a service B offers.

A referral carries no copy of A's record. While it is open (sent or accepted) and the
client's consent to share with B (or B's sector) stands, B reads a minimal view of A's
data through himoya.referrals.access.shared_view; once it is declined, completed,
withdrawn or expired, or the consent is withdrawn, that view is gone at once. On
acceptance B opens its own case (receiving_case) and keeps its own record there.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from himoya.cases.models import Case, ServiceDelivery
from himoya.clients.models import Client
from himoya.core.fields import EncryptedTextField
from himoya.core.models import Versioned
from himoya.directory.models import Organisation, Service
from himoya.directory.search import NEEDS
from himoya.referrals import deadlines

USER = settings.AUTH_USER_MODEL


class Urgency(models.IntegerChoices):
    """Lower sorts first: the inbox lists the most urgent referrals at the top. Each has a
    response deadline (himoya.referrals.deadlines); urgency_label() says it."""

    EMERGENCY = deadlines.EMERGENCY, _("emergency")
    URGENT = deadlines.URGENT, _("urgent")
    ROUTINE = deadlines.ROUTINE, _("routine")


# The needs a referral may name (Referral.needs): those of the "find help" list.
NEED_KEYS = tuple(key for key in NEEDS if key != "any")


def urgency_label(value) -> str:
    """The urgency with its response deadline from the settings, as pages show it."""
    return gettext("%(urgency)s: %(deadline)s") % {
        "urgency": Urgency(value).label,
        "deadline": deadlines.deadline_text(value),
    }


def urgency_choices() -> list[tuple[int, str]]:
    """Choices for the forms, in the language of the request (call at render time)."""
    return [(value, urgency_label(value)) for value in Urgency.values]


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    COMPLETED = "completed", _("completed")
    WITHDRAWN = "withdrawn", _("withdrawn")
    EXPIRED = "expired", _("expired")


# While a referral is in one of these, B may read what the consent covers.
OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("no capacity at present")
    NOT_ELIGIBLE = "not_eligible", _("the client is not eligible for this service")
    OUTSIDE_AREA = "outside_area", _("the client lives outside the area we serve")
    NOT_OFFERED = "not_offered", _("we do not offer this service")
    UNREACHABLE = "unreachable", _("we could not reach the client")
    CLIENT_DECLINED = "client_declined", _("the client did not want the service")
    OTHER = "other", _("other")


class Referral(Versioned):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="referrals")
    from_organisation = models.ForeignKey(
        Organisation, verbose_name=_("from"), on_delete=models.PROTECT,
        related_name="referrals_sent",
    )
    # Exactly one of from_case and from_call is set: a referral starts from a case or
    # from a hotline call.
    from_case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_sent"
    )
    from_call = models.ForeignKey(
        "hotline.Call", null=True, blank=True, on_delete=models.PROTECT,
        related_name="referrals",
    )
    to_organisation = models.ForeignKey(
        Organisation, verbose_name=_("to"), on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service requested"), on_delete=models.PROTECT,
        related_name="referrals",
    )
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=Urgency.choices, default=Urgency.ROUTINE
    )
    # Keys of himoya.directory.search.NEEDS (without "any"): what she needs, in the
    # words of the public "find help" page.
    needs = models.JSONField(_("needs"), default=list)
    message = EncryptedTextField(_("message to the receiving organisation"), blank=True)
    # Safe-contact instructions are shown to B only when the survivor agreed to it.
    share_safe_contact = models.BooleanField(
        _("share safe-contact instructions"), default=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    sent_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(_("expires"))
    # The response deadline of its urgency, fixed when it is sent (deadlines.py); never
    # after expires_at. Past it, a referral still "sent" is overdue.
    respond_by = models.DateTimeField(_("answer by"))
    # When the supervisors of both sides were told it is overdue: they are told once.
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    # B's own case for the client, opened on acceptance.
    receiving_case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_received"
    )
    declined_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    decline_note = EncryptedTextField(_("note on declining"), blank=True)
    completed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(_("service delivered"), null=True, blank=True)
    # The service B recorded in its own case; A sees only that and when it happened.
    service_delivery = models.ForeignKey(
        ServiceDelivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # A's own reason: never shown to B.
    withdrawal_note = EncryptedTextField(_("reason for withdrawing"), blank=True)
    expired_at = models.DateTimeField(_("expired"), null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            # B's inbox: most urgent first, then oldest first.
            models.Index(
                fields=["to_organisation", "status", "urgency", "sent_at", "id"],
                name="referral_inbox_idx",
            ),
            # The inbox with every status: the same order without the status column.
            models.Index(
                fields=["to_organisation", "urgency", "sent_at", "id"],
                name="referral_inbox_all_idx",
            ),
            models.Index(
                fields=["to_organisation", "-sent_at", "-id"], name="referral_received_idx"
            ),
            # The sent list by status, newest first; the id breaks ties without a sort.
            models.Index(
                fields=["from_organisation", "status", "-sent_at", "-id"],
                name="referral_sent_idx",
            ),
            models.Index(fields=["from_organisation", "-sent_at", "-id"], name="referral_from_idx"),
            models.Index(fields=["status", "expires_at"], name="referral_expiry_idx"),
            models.Index(fields=["status", "respond_by"], name="referral_deadline_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(from_case__isnull=False, from_call__isnull=True)
                    | models.Q(from_case__isnull=True, from_call__isnull=False)
                ),
                name="referral_from_case_or_call",
            ),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        if self.respond_by is None and self.sent_at is not None:
            self.respond_by = deadlines.response_deadline(
                self.urgency, self.sent_at, self.expires_at
            )
        super().save(*args, **kwargs)

    @property
    def respond_by_label(self) -> str:
        return deadlines.deadline_label(self.respond_by)

    def is_overdue(self, now=None) -> bool:
        """Still unanswered after its response deadline."""
        return self.status == ReferralStatus.SENT and self.respond_by <= (now or timezone.now())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def reference(self) -> str:
        """The number people quote on the phone: no client data in it."""
        return f"R-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def time_to_acceptance(self):
        return self.accepted_at - self.sent_at if self.accepted_at else None

    @property
    def time_to_service(self):
        return self.completed_at - self.sent_at if self.completed_at else None
