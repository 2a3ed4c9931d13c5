"""How the audit log names the records of cases and clients (himoya.auditlog.labels).

A record is named by the case's client code ("Case KU-2026-000061", "Safety plan of
case KU-2026-000061") and linked to its page only for a reader who may open that case
(himoya.cases.access.cases_visible_to); anyone else reads the kind of record and its
number, as before. Never a name or an encrypted value. Each labeller answers for a whole
page of entries in a fixed number of queries. Registered in CasesConfig.ready(); apps
above cases (incidents) label their records of a case with case_record_labels too.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from himoya.auditlog.labels import (
    RecordLabel,
    numeric_ids,
    record_number,
    register_record_labels,
)
from himoya.cases.access import cases_visible_to
from himoya.cases.models import (
    Attachment,
    Case,
    CaseAction,
    CaseEvent,
    CasePlan,
    Closure,
    FollowUp,
    Note,
    RiskAssessment,
    SafetyPlan,
    ServiceDelivery,
)
from himoya.clients.models import Client, Consent


def visible_case_codes(reader, case_ids) -> dict[int, str]:
    """{case id: client code} of the cases among `case_ids` that `reader` may open."""
    if not case_ids:
        return {}
    return dict(cases_visible_to(reader).filter(pk__in=case_ids).values_list("pk", "client__code"))


def case_labels(reader, object_ids) -> dict[str, RecordLabel]:
    codes = visible_case_codes(reader, numeric_ids(object_ids))
    return {
        str(pk): RecordLabel(
            _("Case %(code)s") % {"code": code}, reverse("cases:detail", args=[pk])
        )
        for pk, code in codes.items()
    }


def case_record_labels(model, kind, url_name: str, *, with_record: bool = False):
    """A labeller for `model`, a record of a case: "<kind> of case <code>", linked to the
    page `url_name` (of the case, or of the record itself with with_record=True)."""

    def labeller(reader, object_ids) -> dict[str, RecordLabel]:
        rows = list(
            model.objects.filter(pk__in=numeric_ids(object_ids)).values_list("pk", "case_id")
        )
        codes = visible_case_codes(reader, {case_id for _pk, case_id in rows})
        labels = {}
        for pk, case_id in rows:
            if case_id not in codes:
                # Not to be opened by this reader: the kind and number, in her language.
                labels[str(pk)] = record_number(model._meta.label_lower, str(pk), kind)
                continue
            args = [case_id, pk] if with_record else [case_id]
            text = _("%(kind)s of case %(code)s") % {"kind": kind, "code": codes[case_id]}
            labels[str(pk)] = RecordLabel(text, reverse(url_name, args=args))
        return labels

    return labeller


def _client_cases(reader, client_ids) -> dict[int, tuple[int, str]]:
    """{client id: (a case of hers the reader may open, her code)}: the newest such case."""
    found: dict[int, tuple[int, str]] = {}
    rows = (
        cases_visible_to(reader)
        .filter(client_id__in=client_ids)
        .order_by("client_id", "-opened_at", "-id")
        .values_list("client_id", "pk", "client__code")
    )
    for client_id, case_id, code in rows:
        found.setdefault(client_id, (case_id, code))
    return found


def client_labels(reader, object_ids) -> dict[str, RecordLabel]:
    cases = _client_cases(reader, numeric_ids(object_ids))
    return {
        str(client_id): RecordLabel(
            _("Client %(code)s") % {"code": code},
            reverse("cases:client_detail", args=[case_id]),
        )
        for client_id, (case_id, code) in cases.items()
    }


def consent_labels(reader, object_ids) -> dict[str, RecordLabel]:
    rows = list(
        Consent.objects.filter(pk__in=numeric_ids(object_ids)).values_list("pk", "client_id")
    )
    cases = _client_cases(reader, {client_id for _pk, client_id in rows})
    labels = {}
    for pk, client_id in rows:
        if client_id in cases:
            case_id, code = cases[client_id]
            labels[str(pk)] = RecordLabel(
                _("Consent of client %(code)s") % {"code": code},
                reverse("cases:consent_list", args=[case_id]),
            )
    return labels


CASE_RECORDS = (
    (RiskAssessment, gettext_lazy("Risk assessment"), "cases:risk"),
    (SafetyPlan, gettext_lazy("Safety plan"), "cases:safety_plan"),
    (CasePlan, gettext_lazy("Case plan"), "cases:plan"),
    (CaseAction, gettext_lazy("Case plan action"), "cases:plan"),
    (ServiceDelivery, gettext_lazy("Service delivered"), "cases:services"),
    (FollowUp, gettext_lazy("Follow-up"), "cases:followups"),
    (Note, gettext_lazy("Note"), "cases:notes"),
    (Attachment, gettext_lazy("Attachment"), "cases:attachments"),
    (Closure, gettext_lazy("Closure"), "cases:detail"),
    (CaseEvent, gettext_lazy("History entry"), "cases:detail"),
)


def register() -> None:
    register_record_labels(Case._meta.label_lower, case_labels)
    register_record_labels(Client._meta.label_lower, client_labels)
    register_record_labels(Consent._meta.label_lower, consent_labels)
    for model, kind, url_name in CASE_RECORDS:
        register_record_labels(model._meta.label_lower, case_record_labels(model, kind, url_name))
