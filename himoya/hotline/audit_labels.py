"""How the audit log names hotline calls: by their reference ("Call C-25"), which holds
no caller data, linked to the call's page for the hotline's operators and the
supervisors of an organisation that runs one (himoya.hotline.access)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from himoya.accounts.roles import held_roles
from himoya.auditlog.labels import RecordLabel, numeric_ids, register_record_labels
from himoya.core.roles import Role
from himoya.directory.models import Organisation
from himoya.hotline.access import runs_hotline
from himoya.hotline.models import Call


def call_labels(reader, object_ids) -> dict[str, RecordLabel]:
    rows = list(
        Call.objects.filter(pk__in=numeric_ids(object_ids)).values_list("pk", "organisation_id")
    )
    roles = held_roles(reader, fresh=True)
    supervised = {pk for pk, role in roles.items() if role == Role.SUPERVISOR}
    if supervised:
        supervised = set(
            Organisation.objects.filter(runs_hotline(), pk__in=supervised).values_list(
                "pk", flat=True
            )
        )
    labels = {}
    for pk, organisation_id in rows:
        opens = roles.get(organisation_id) == Role.HOTLINE_OPERATOR or organisation_id in supervised
        url = reverse("hotline:detail", args=[pk]) if opens else ""
        labels[str(pk)] = RecordLabel(_("Call C-%(number)s") % {"number": pk}, url)
    return labels


def register() -> None:
    register_record_labels(Call._meta.label_lower, call_labels)
