"""How the audit log names incidents and perpetrators: by the case's client code, for a
reader who may open the case (himoya.cases.audit_labels), linked to the incident."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from himoya.auditlog.labels import RecordLabel, numeric_ids, register_record_labels
from himoya.cases.audit_labels import case_record_labels, visible_case_codes
from himoya.incidents.models import Incident, Perpetrator


def perpetrator_labels(reader, object_ids) -> dict[str, RecordLabel]:
    rows = list(
        Perpetrator.objects.filter(pk__in=numeric_ids(object_ids)).values_list(
            "pk", "incident_id", "incident__case_id"
        )
    )
    codes = visible_case_codes(reader, {case_id for _pk, _incident, case_id in rows})
    labels = {}
    for pk, incident_id, case_id in rows:
        if case_id in codes:
            labels[str(pk)] = RecordLabel(
                _("Perpetrator in an incident of case %(code)s") % {"code": codes[case_id]},
                reverse("cases:incident_detail", args=[case_id, incident_id]),
            )
    return labels


def register() -> None:
    register_record_labels(
        Incident._meta.label_lower,
        case_record_labels(
            Incident, gettext_lazy("Incident"), "cases:incident_detail", with_record=True
        ),
    )
    register_record_labels(Perpetrator._meta.label_lower, perpetrator_labels)
