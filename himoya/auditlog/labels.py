"""Which record an audit entry names, as people say it ("Case KU-2026-000061", "Referral
R-15", a user's name, an organisation's name), with a link where the reader may open it.

An entry keeps its record as a type and an id ("cases.case", "221"). auditlog sits below
the apps that own most of those records (clients, cases, incidents, hotline, referrals)
and never imports them: each app registers, in its AppConfig.ready(), a labeller for
its own types:

    from himoya.auditlog.labels import register_record_labels
    register_record_labels("cases.case", case_labels)

A labeller is `labeller(reader, object_ids) -> {object_id: RecordLabel}`: it answers for
a whole page of entries at once, in a fixed number of queries, so the audit log's list
costs the same whatever its page size. It decides, with the app's own access rules,
what the reader may see: a label names a client by her pseudonymous code only when the
reader may open one of her cases, never by name, and never shows an encrypted value;
otherwise it names the kind of record and its number, as the log did before. The link
is given only where the reader may open the record.

The types of the apps below auditlog (accounts, directory) are labelled here.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from himoya.accounts.models import ApiToken, Membership, User
from himoya.accounts.roles import held_roles
from himoya.core.roles import Role
from himoya.directory.models import Location, Organisation, Phone, Service


@dataclass(frozen=True)
class RecordLabel:
    text: str
    url: str = ""


Labeller = Callable[[object, set[str]], dict[str, RecordLabel]]

_labellers: dict[str, Labeller] = {}


def register_record_labels(object_type: str, labeller: Labeller) -> None:
    """Label the audit entries whose record is of `object_type` ("app_label.model")."""
    _labellers[object_type] = labeller


def record_number(object_type: str, object_id: str, kind=None) -> RecordLabel:
    """The kind of record and its number ("Note no. 12"): what a reader who may not
    open the record, or a type nobody labels, is shown. `kind` names the kind in the
    reader's language where the model's own name is not translated."""
    if kind is None:
        try:
            kind = capfirst(apps.get_model(object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            kind = object_type
    if not object_id:
        return RecordLabel(str(kind))
    return RecordLabel(_("%(kind)s no. %(number)s") % {"kind": kind, "number": object_id})


def numeric_ids(object_ids: Iterable[str]) -> set[int]:
    """The ids that are numbers (an entry's id is text; a malformed one labels nothing)."""
    return {int(value) for value in object_ids if str(value).isdigit()}


def label_entries(reader, entries: list) -> None:
    """Give each entry a `record_label` (RecordLabel, or None without a record): one
    labeller call per record type on the page, whatever the number of entries."""
    ids_by_type: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        if entry.object_type:
            ids_by_type[entry.object_type].add(entry.object_id)
    labels: dict[str, dict[str, RecordLabel]] = {}
    for object_type, object_ids in ids_by_type.items():
        labeller = _labellers.get(object_type)
        labels[object_type] = labeller(reader, object_ids) if labeller else {}
    for entry in entries:
        if not entry.object_type:
            entry.record_label = None
            continue
        entry.record_label = labels[entry.object_type].get(entry.object_id) or record_number(
            entry.object_type, entry.object_id
        )


# ---- the records of the apps below auditlog ----


def _person(user) -> str:
    return user.get_full_name() or user.username


def _administered(reader) -> set[int]:
    """Organisations whose members `reader` manages (organisation admin)."""
    return {pk for pk, role in held_roles(reader).items() if role == Role.ORG_ADMIN}


def user_labels(reader, object_ids) -> dict[str, RecordLabel]:
    """A user by name; a link to her membership page for the admins of her organisation."""
    users = User.objects.filter(pk__in=numeric_ids(object_ids)).only(
        "pk", "username", "first_name", "last_name"
    )
    administered = _administered(reader)
    member_of: dict[int, str] = {}
    if administered:
        for user_id, slug in Membership.objects.filter(
            user_id__in=numeric_ids(object_ids), organisation_id__in=administered
        ).values_list("user_id", "organisation__slug"):
            member_of.setdefault(user_id, slug)
    labels = {}
    for user in users:
        slug = member_of.get(user.pk)
        url = reverse("accounts:member_edit", args=[slug, user.pk]) if slug else ""
        labels[str(user.pk)] = RecordLabel(_person(user), url)
    return labels


def membership_labels(reader, object_ids) -> dict[str, RecordLabel]:
    rows = Membership.objects.filter(pk__in=numeric_ids(object_ids)).select_related(
        "user", "organisation"
    )
    administered = _administered(reader)
    labels = {}
    for membership in rows:
        text = _("Membership of %(person)s in %(organisation)s") % {
            "person": _person(membership.user),
            "organisation": membership.organisation.name,
        }
        url = ""
        if membership.organisation_id in administered:
            url = reverse(
                "accounts:member_edit", args=[membership.organisation.slug, membership.user_id]
            )
        labels[str(membership.pk)] = RecordLabel(text, url)
    return labels


def token_labels(reader, object_ids) -> dict[str, RecordLabel]:
    """An API token by its owner; its owner reaches her tokens page."""
    rows = ApiToken.objects.filter(pk__in=numeric_ids(object_ids)).select_related("user")
    labels = {}
    for token in rows:
        text = _("API token of %(person)s") % {"person": _person(token.user)}
        url = reverse("accounts:tokens") if token.user_id == reader.pk else ""
        labels[str(token.pk)] = RecordLabel(text, url)
    return labels


def _public_organisation_url(organisation) -> str:
    if not organisation.is_active:
        return ""
    return reverse("directory:organisation", args=[organisation.slug])


def organisation_labels(reader, object_ids) -> dict[str, RecordLabel]:
    """An organisation by name, linked to its public page (the directory is public)."""
    rows = Organisation.objects.filter(pk__in=numeric_ids(object_ids))
    return {str(org.pk): RecordLabel(org.name, _public_organisation_url(org)) for org in rows}


def service_labels(reader, object_ids) -> dict[str, RecordLabel]:
    rows = Service.objects.filter(pk__in=numeric_ids(object_ids)).select_related("organisation")
    labels = {}
    for service in rows:
        text = _("Service “%(service)s” of %(organisation)s") % {
            "service": service.name,
            "organisation": service.organisation.name,
        }
        public = service.is_active and service.organisation.is_active
        url = reverse("directory:service", args=[service.pk]) if public else ""
        labels[str(service.pk)] = RecordLabel(text, url)
    return labels


def _organisation_part_labels(model, text):
    """Locations and phones: "<kind> of <organisation>", linked to its public page."""

    def labeller(reader, object_ids) -> dict[str, RecordLabel]:
        rows = model.objects.filter(pk__in=numeric_ids(object_ids)).select_related("organisation")
        return {
            str(row.pk): RecordLabel(
                str(text) % {"organisation": row.organisation.name},
                _public_organisation_url(row.organisation),
            )
            for row in rows
        }

    return labeller


def register_lower_labels() -> None:
    """The labellers of the records of accounts and directory (AuditlogConfig.ready())."""
    register_record_labels("accounts.user", user_labels)
    register_record_labels("accounts.membership", membership_labels)
    register_record_labels("accounts.apitoken", token_labels)
    register_record_labels("directory.organisation", organisation_labels)
    register_record_labels("directory.service", service_labels)
    register_record_labels(
        "directory.location",
        _organisation_part_labels(Location, gettext_lazy("Address of %(organisation)s")),
    )
    register_record_labels(
        "directory.phone",
        _organisation_part_labels(Phone, gettext_lazy("Phone number of %(organisation)s")),
    )
    register_record_labels("keys", key_labels)


def key_labels(reader, object_ids) -> dict[str, RecordLabel]:
    """Key rotation and re-indexing name the field keys, never a record."""
    return {object_id: RecordLabel(_("Encryption keys")) for object_id in object_ids}
