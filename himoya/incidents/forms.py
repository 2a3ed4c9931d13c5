"""The incident form: the Classification Tool's questions in order, as yes/no answers.

The caseworker never picks a type from a list: the type follows from the answers
(himoya.incidents.gbvims.classify). The services do the full validation; the form only parses.
"""

import json
from datetime import date

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from himoya.clients.models import AgeGroup, Sex
from himoya.core.versioning import HiddenVersionFormMixin, version_field
from himoya.geo.choices import DistrictChoiceField
from himoya.geo.models import District
from himoya.incidents.models import (
    LawForm,
    LocationType,
    PreviousIncidents,
    Relationship,
    TimeOfDay,
)

YES, NO = "yes", "no"
YES_NO = [(YES, pgettext_lazy("answer", "Yes")), (NO, pgettext_lazy("answer", "No"))]
PERPETRATOR_ROWS = 3

# The tool's questions in its order, put plainly, with examples that help decide.
CLASSIFICATION_QUESTIONS = (
    (
        "penetration",
        _(
            "Was there penetration, even slight, of the vagina, anus or mouth, by a penis, "
            "another body part or an object?"
        ),
        _(
            "This includes rape within marriage and forced oral sex. An attempt without "
            "penetration is the next question."
        ),
    ),
    (
        "sexual_contact",
        _("Was there any other unwanted sexual contact?"),
        _(
            "For example an attempted rape, unwanted touching or kissing of intimate parts, "
            "or genital cutting."
        ),
    ),
    (
        "physical_assault",
        _("Was there physical violence that was not sexual?"),
        _("For example hitting, slapping, kicking, pushing, choking, burning, or use of a weapon."),
    ),
    (
        "forced_marriage",
        _("Was the person married, or made to marry, against their will?"),
        _("Include a marriage (or nikoh) arranged without the person's free consent."),
    ),
    (
        "denial_of_resources",
        _(
            "Was the person denied money, property, work, schooling, health care or other "
            "services that are rightfully theirs?"
        ),
        _(
            "For example taking their earnings, refusing inheritance or keeping them from "
            "school or a doctor. General poverty alone is not counted."
        ),
    ),
    (
        "psychological_abuse",
        _("Was there psychological or emotional abuse?"),
        _(
            "For example threats of violence, humiliation, insults, being locked in or cut "
            "off from family and friends, or harassment."
        ),
    ),
)
CONTEXT_QUESTIONS = (
    (
        "money_or_goods_exchanged",
        _("Were money, goods, a benefit or a service given or promised in exchange for sex?"),
        "",
    ),
    (
        "abducted_or_held",
        _("Was the person taken away, trafficked or held somewhere against their will?"),
        "",
    ),
    (
        "harmful_traditional_practice",
        _("Was this a harmful traditional practice?"),
        _("For example bride kidnapping, genital cutting or a forced virginity test."),
    ),
)


def _with_blank(choices) -> list:
    return [("", "—"), *choices]


class IncidentForm(HiddenVersionFormMixin, forms.Form):
    incident_date = forms.DateField(
        label=_("When did it happen?"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reported_date = forms.DateField(
        label=_("When was it reported to us?"), widget=forms.DateInput(attrs={"type": "date"})
    )
    district = DistrictChoiceField(
        label=_("District where it happened"),
        required=False,
    )
    location_type = forms.ChoiceField(
        label=_("Where did it happen?"),
        choices=LocationType.choices,
        initial=LocationType.UNKNOWN,
    )
    time_of_day = forms.ChoiceField(
        label=_("Time of day"), choices=TimeOfDay.choices, initial=TimeOfDay.UNKNOWN
    )
    previous_incidents = forms.ChoiceField(
        label=_("Did the same person do this before?"),
        choices=PreviousIncidents.choices,
        initial=PreviousIncidents.UNKNOWN,
    )
    law_forms = forms.MultipleChoiceField(
        label=_("Forms of violence under the 2013 law on prevention of violence in the family"),
        help_text=_("Tick every form that applies; at least one for gender-based violence."),
        choices=LawForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    description = forms.CharField(
        label=_("What happened, in the survivor's words"),
        help_text=_("Stored encrypted. Write only what the work needs."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=20_000,
    )
    version = version_field(required=False)
    baseline = forms.CharField(widget=forms.HiddenInput, required=False, max_length=4000)

    def __init__(self, *args, perpetrator_rows: int = PERPETRATOR_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        for name, question, help_text in CLASSIFICATION_QUESTIONS:
            self.fields[name] = forms.ChoiceField(
                label=question,
                help_text=help_text,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer yes or no.")},
            )
        for name, question, help_text in CONTEXT_QUESTIONS:
            self.fields[name] = forms.ChoiceField(
                label=question,
                help_text=help_text,
                choices=YES_NO,
                widget=forms.RadioSelect,
                initial=NO,
                error_messages={"required": _("Answer yes or no.")},
            )
        self.perpetrator_rows = max(PERPETRATOR_ROWS, perpetrator_rows)
        for row in range(1, self.perpetrator_rows + 1):
            self.fields[f"p{row}_count"] = forms.IntegerField(
                label=_("Number of people"),
                min_value=1,
                max_value=50,
                required=False,
                initial=1 if row == 1 else None,
            )
            self.fields[f"p{row}_sex"] = forms.ChoiceField(
                label=_("Sex"), choices=_with_blank(Sex.choices), required=False
            )
            self.fields[f"p{row}_age_group"] = forms.ChoiceField(
                label=_("Age group"), choices=_with_blank(AgeGroup.choices), required=False
            )
            self.fields[f"p{row}_relationship"] = forms.ChoiceField(
                label=_("Relationship to the survivor"),
                choices=_with_blank(Relationship.choices),
                required=False,
            )

    # Template helpers ---------------------------------------------------------------
    def classification_fields(self):
        return [self[name] for name, _question, _help in CLASSIFICATION_QUESTIONS]

    def context_fields(self):
        return [self[name] for name, _question, _help in CONTEXT_QUESTIONS]

    def perpetrator_fieldsets(self):
        return [
            [self[f"p{row}_{part}"] for part in ("count", "sex", "age_group", "relationship")]
            for row in range(1, self.perpetrator_rows + 1)
        ]

    # Data for the services ----------------------------------------------------------
    def incident_data(self) -> dict:
        data = dict(self.cleaned_data)
        for name, _question, _help in (*CLASSIFICATION_QUESTIONS, *CONTEXT_QUESTIONS):
            data[name] = data.get(name) == YES
        return data

    def perpetrators(self) -> list[dict]:
        """The filled rows; a row with nothing chosen is left out."""
        rows = []
        for row in range(1, self.perpetrator_rows + 1):
            values = {
                part: self.cleaned_data.get(f"p{row}_{part}")
                for part in ("count", "sex", "age_group", "relationship")
            }
            if all(value in (None, "") for value in values.values()):
                continue
            values["count"] = values["count"] or 1
            rows.append(values)
        return rows

    def baseline_digest(self) -> dict | None:
        try:
            value = json.loads(self.cleaned_data.get("baseline") or "null")
        except ValueError:
            return None
        return value if isinstance(value, dict) else None


def initial_from(snapshot: dict, digest: dict, version: int) -> dict:
    """The edit form's initial values from services.snapshot()."""
    initial = {key: value for key, value in snapshot.items() if key != "perpetrators"}
    for name, _question, _help in (*CLASSIFICATION_QUESTIONS, *CONTEXT_QUESTIONS):
        initial[name] = YES if snapshot[name] else NO
    for row, values in enumerate(snapshot["perpetrators"], start=1):
        for part, value in values.items():
            initial[f"p{row}_{part}"] = value
    initial["version"] = version
    initial["baseline"] = json.dumps(digest)
    return initial


def describe_value(form, name: str, value) -> str:
    """A stored value as the edit form would show it, for the stale-edit refusal."""
    if name == "perpetrators":
        return "; ".join(
            f"{row['count']} × {Sex(row['sex']).label}, {AgeGroup(row['age_group']).label}, "
            f"{Relationship(row['relationship']).label}"
            for row in value
        )
    if isinstance(value, bool):
        return str(dict(YES_NO)[YES if value else NO])
    if name == "district":
        district = District.objects.filter(pk=value).first() if value else None
        return str(district) if district else "—"
    if name == "law_forms":
        return ", ".join(str(LawForm(form_).label) for form_ in value) or "—"
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    field = form.fields.get(name)
    choices = dict(getattr(field, "choices", None) or [])
    return str(choices.get(value, value)) or "—"
