"""How the audit log names referrals: by their reference ("Referral R-15"), which holds
no client data (the receiver's log outlives its access to the client), linked to the
referral's page for a reader of either side who may open it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from himoya.auditlog.labels import RecordLabel, numeric_ids, register_record_labels
from himoya.referrals.access import referrals_visible_to
from himoya.referrals.models import Referral


def referral_labels(reader, object_ids) -> dict[str, RecordLabel]:
    ids = numeric_ids(object_ids)
    visible = set(referrals_visible_to(reader).filter(pk__in=ids).values_list("pk", flat=True))
    labels = {}
    for pk in Referral.objects.filter(pk__in=ids).values_list("pk", flat=True):
        url = reverse("referrals:detail", args=[pk]) if pk in visible else ""
        labels[str(pk)] = RecordLabel(_("Referral R-%(number)s") % {"number": pk}, url)
    return labels


def register() -> None:
    register_record_labels(Referral._meta.label_lower, referral_labels)
