"""Recording and editing incidents: validate, derive the GBVIMS fields, write, audit.

Pages and the API both call these; the views only turn input into `data` dicts. The
derived fields (gbv_type, context_flags, reporting_delay) are never taken from input.
"""

import hashlib
import json
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.cases.access import CaseClosedError
from himoya.clients.models import CHILD_AGE_GROUPS, AgeGroup, Sex
from himoya.core import dates
from himoya.core.versioning import StaleEditError, bump_version, update_versioned
from himoya.geo.models import District
from himoya.incidents import gbvims
from himoya.incidents.models import (
    Incident,
    LawForm,
    LocationType,
    Perpetrator,
    PreviousIncidents,
    Relationship,
    TimeOfDay,
)

MAX_PERPETRATORS = 50
MAX_PERPETRATOR_ROWS = 10
MAX_DESCRIPTION = 20_000
CONTEXT_ANSWERS = ("money_or_goods_exchanged", "abducted_or_held", "harmful_traditional_practice")
EDITABLE_FIELDS = (
    "incident_date",
    "reported_date",
    "district",
    "location_type",
    "time_of_day",
    "description",
    "previous_incidents",
    *gbvims.ANSWER_NAMES,
    *CONTEXT_ANSWERS,
    "law_forms",
)
PERPETRATOR_FIELDS = ("count", "sex", "age_group", "relationship")
_CHOICES = {
    "location_type": LocationType,
    "time_of_day": TimeOfDay,
    "previous_incidents": PreviousIncidents,
}
_PERPETRATOR_CHOICES = {"sex": Sex, "age_group": AgeGroup, "relationship": Relationship}


def survivor_is_child(client) -> bool | None:
    """Under 18 from the client's GBVIMS age group; None when the group is not known."""
    if client.age_group == AgeGroup.UNKNOWN:
        return None
    return client.age_group in CHILD_AGE_GROUPS


def _clean_perpetrators(rows, errors: dict) -> list[dict]:
    cleaned = []
    for index, row in enumerate(rows or [], start=1):
        values = {}
        try:
            count = int(row.get("count", 1))
        except (TypeError, ValueError):
            count = 0
        if not 1 <= count <= MAX_PERPETRATORS:
            errors.setdefault("perpetrators", []).append(
                _("Perpetrator row %(row)s: the number must be between 1 and %(max)s.")
                % {"row": index, "max": MAX_PERPETRATORS}
            )
        values["count"] = count
        for field, choices in _PERPETRATOR_CHOICES.items():
            value = row.get(field) or choices.UNKNOWN
            if value not in choices.values:
                errors.setdefault("perpetrators", []).append(
                    _("Perpetrator row %(row)s: choose a valid %(field)s.")
                    % {"row": index, "field": Perpetrator._meta.get_field(field).verbose_name}
                )
            values[field] = value
        cleaned.append(values)
    if not cleaned:
        errors.setdefault("perpetrators", []).append(
            _(
                "Describe at least one alleged perpetrator (choose “not known” where the "
                "survivor does not say)."
            )
        )
    elif len(cleaned) > MAX_PERPETRATOR_ROWS:
        errors.setdefault("perpetrators", []).append(
            _("At most %(max)s perpetrator rows; describe a group in one row with its number.")
            % {"max": MAX_PERPETRATOR_ROWS}
        )
    elif sum(row["count"] for row in cleaned) > MAX_PERPETRATORS:
        errors.setdefault("perpetrators", []).append(
            _("At most %(max)s alleged perpetrators in all.") % {"max": MAX_PERPETRATORS}
        )
    return cleaned


def _clean_dates(values: dict, errors: dict, today: date) -> None:
    incident_date, reported_date = values.get("incident_date"), values.get("reported_date")
    for field, value in (("incident_date", incident_date), ("reported_date", reported_date)):
        if not isinstance(value, date):
            errors.setdefault(field, []).append(_("Enter a date."))
        elif problem := dates.event_date_error(
            value,
            on=today,
            earliest=dates.EARLIEST_INCIDENT if field == "incident_date" else dates.EARLIEST_EVENT,
        ):
            errors.setdefault(field, []).append(problem)
    both = isinstance(incident_date, date) and isinstance(reported_date, date)
    if both and reported_date < incident_date:
        errors.setdefault("reported_date", []).append(
            _("The report cannot come before the incident.")
        )


def _clean_district(value, errors: dict):
    """A District, from an instance or an id (the API sends ids); None when not given."""
    if value in (None, ""):
        return None
    if isinstance(value, District):
        return value
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    district = District.objects.filter(pk=number).first() if 0 < number < 2**31 else None
    if district is None:
        errors.setdefault("district", []).append(_("Choose a district from the list."))
    return district


def clean_incident(data: dict, perpetrators, *, today: date | None = None):
    """Validated copies of `data` and the perpetrator rows, or ValidationError by field."""
    errors: dict[str, list] = {}
    values = {field: data.get(field) for field in EDITABLE_FIELDS}
    _clean_dates(values, errors, today or timezone.localdate())
    values["district"] = _clean_district(values["district"], errors)
    for field, choices in _CHOICES.items():
        values[field] = values[field] or choices.UNKNOWN
        if values[field] not in choices.values:
            errors.setdefault(field, []).append(_("Choose one of the options."))
    for field in (*gbvims.ANSWER_NAMES, *CONTEXT_ANSWERS):
        values[field] = bool(values[field])
    description = str(values["description"] or "").replace("\x00", "").strip()
    if len(description) > MAX_DESCRIPTION:
        errors.setdefault("description", []).append(
            _("Keep the description under %(max)s characters.") % {"max": MAX_DESCRIPTION}
        )
    values["description"] = description
    forms = list(dict.fromkeys(values["law_forms"] or []))
    if any(form not in LawForm.values for form in forms):
        errors.setdefault("law_forms", []).append(_("Choose forms of violence from the list."))
    gbv_type = gbvims.classify(**{name: values[name] for name in gbvims.ANSWER_NAMES})
    if gbv_type != gbvims.NON_GBV and not forms:
        suggested = gbvims.law_forms_from_answers(values)
        errors.setdefault("law_forms", []).append(
            _(
                "Choose at least one form of violence under the 2013 law (the answers point "
                "to: %(forms)s)."
            )
            % {"forms": ", ".join(str(LawForm(form).label) for form in suggested)}
        )
    values["law_forms"] = [form for form in LawForm.values if form in forms]
    rows = _clean_perpetrators(perpetrators, errors)
    if errors:
        raise ValidationError(errors)
    return values, rows


def derived_fields(values: dict, rows: list[dict], client) -> dict:
    """The stored GBVIMS fields: type, context flags and reporting-delay bucket."""
    gbv_type = gbvims.classify(**{name: values[name] for name in gbvims.ANSWER_NAMES})
    flags = gbvims.context_flags(
        gbv_type=gbv_type,
        perpetrator_relationships=[row["relationship"] for row in rows],
        survivor_is_child=survivor_is_child(client),
        **{name: values[name] for name in CONTEXT_ANSWERS},
    )
    return {
        "gbv_type": gbv_type,
        "context_flags": flags,
        "reporting_delay": gbvims.reporting_delay(values["incident_date"], values["reported_date"]),
    }


def _refuse_closed(case) -> None:
    if case.is_closed:
        raise CaseClosedError


def _audit(action, incident, case, actor, request, detail: dict) -> None:
    record(
        action,
        actor=actor,
        request=request,
        organisation=case.organisation,
        obj=incident,
        detail={"case": case.pk, "what": "incident", **detail},
    )


def record_incident(case, data: dict, perpetrators, actor, request=None) -> Incident:
    """Create an incident on `case` with its perpetrators; derive the GBVIMS fields."""
    _refuse_closed(case)
    values, rows = clean_incident(data, perpetrators)
    with transaction.atomic():
        incident = Incident(case=case, **values, **derived_fields(values, rows, case.client))
        incident.full_clean()
        incident.save()
        Perpetrator.objects.bulk_create(Perpetrator(incident=incident, **row) for row in rows)
        _audit(
            AuditAction.RECORD_CREATED,
            incident,
            case,
            actor,
            request,
            {"gbv_type": incident.gbv_type},
        )
    return incident


def perpetrator_rows(incident) -> list[dict]:
    return [
        {field: getattr(perpetrator, field) for field in PERPETRATOR_FIELDS}
        for perpetrator in incident.perpetrators.all()
    ]


def snapshot(incident) -> dict:
    """The editable values of `incident` as the edit form shows them."""
    values = {field: getattr(incident, field) for field in EDITABLE_FIELDS}
    values["district"] = incident.district_id
    values["perpetrators"] = perpetrator_rows(incident)
    return values


def digest(values: dict) -> dict:
    """A short hash per field: the edit form carries it so a stale edit can say what
    changed meanwhile without echoing the (encrypted) description back into the page."""
    return {
        field: hashlib.sha256(json.dumps(value, default=str, sort_keys=True).encode()).hexdigest()[
            :16
        ]
        for field, value in values.items()
    }


def update_incident(
    incident,
    data: dict,
    perpetrators,
    *,
    expected_version: int,
    actor,
    request=None,
    baseline_digest: dict | None = None,
) -> tuple[Incident, list[str]]:
    """Apply an edit made on version `expected_version`; refuse a stale one.

    StaleEditError.changes names the fields (and "perpetrators") whose stored value
    differs from the editor's copy, as `baseline_digest` (from digest(snapshot())) tells.
    """
    case = incident.case
    _refuse_closed(case)
    values, rows = clean_incident(data, perpetrators)
    with transaction.atomic():
        try:
            saved, changed = update_versioned(
                Incident,
                incident.pk,
                expected_version,
                {**values, **derived_fields(values, rows, case.client)},
            )
        except StaleEditError as stale:
            current = snapshot(stale.current)
            stored = digest(current)
            changes = {
                field: current[field]
                for field in current
                if baseline_digest is None or baseline_digest.get(field) != stored[field]
            }
            raise StaleEditError(stale.current, changes) from None
        if perpetrator_rows(saved) != rows:
            saved.perpetrators.all().delete()
            Perpetrator.objects.bulk_create(Perpetrator(incident=saved, **row) for row in rows)
            changed.append("perpetrators")
            if len(changed) == 1:  # update_versioned saw no field change, so did not bump
                bump_version(saved, update_fields=["updated_at"])
        if changed:
            _audit(
                AuditAction.RECORD_CHANGED,
                saved,
                case,
                actor,
                request,
                {"fields": sorted(changed), "gbv_type": saved.gbv_type},
            )
    return saved, changed
