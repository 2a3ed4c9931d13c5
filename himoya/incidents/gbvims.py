"""The GBVIMS Classification Tool and the Incident Recorder's derived fields, as pure functions.

No Django models here: the same rules serve the intake form, the API, the demo data and
the statistics, and they are tested as a plain truth table.

The Classification Tool asks six yes/no questions in a fixed order and the first "yes"
decides the core type of GBV; an incident where every answer is "no" is not GBV:

1. Did the incident involve penetration (however slight, of the vagina, anus or mouth,
   by a body part or an object)?                                      -> rape
2. Did it involve unwanted sexual contact (attempted rape, unwanted touching or kissing,
   female genital cutting)?                                           -> sexual_assault
3. Did it involve physical violence that is not sexual (hitting, slapping, choking,
   burning, using a weapon)?                                          -> physical_assault
4. Was it a marriage against the person's will?                       -> forced_marriage
5. Was the person denied rightful access to money, property, livelihood, education,
   health or other services? (general poverty is not)                 -> denial_of_resources
6. Did it involve psychological or emotional abuse (threats, humiliation, forced
   isolation, harassment, intimidation)?                              -> psychological_abuse

Context (GBVIMS "case context", never a core type) describes the relationship or setting.
"""

from collections.abc import Iterable
from datetime import date

# The Classification Tool's questions in the tool's order, with the type each "yes" gives.
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("penetration", "rape"),
    ("sexual_contact", "sexual_assault"),
    ("physical_assault", "physical_assault"),
    ("forced_marriage", "forced_marriage"),
    ("denial_of_resources", "denial_of_resources"),
    ("psychological_abuse", "psychological_abuse"),
)
ANSWER_NAMES: tuple[str, ...] = tuple(name for name, _type in QUESTIONS)
NON_GBV = "non_gbv"
GBV_TYPES: tuple[str, ...] = (*(gbv_type for _name, gbv_type in QUESTIONS), NON_GBV)
SEXUAL_VIOLENCE = frozenset({"rape", "sexual_assault"})
INTIMATE_PARTNERS = frozenset({"current_partner", "former_partner"})
CONTEXT_FLAGS: tuple[str, ...] = (
    "intimate_partner_violence",
    "child_sexual_abuse",
    "early_marriage",
    "possible_sexual_exploitation",
    "possible_sexual_slavery",
    "harmful_traditional_practice",
)
DELAY_BUCKETS: tuple[str, ...] = ("0-3", "4-5", "6-14", "15-30", "31+")
ADULT_AGE = 18


def classify(
    *,
    penetration: bool = False,
    sexual_contact: bool = False,
    physical_assault: bool = False,
    forced_marriage: bool = False,
    denial_of_resources: bool = False,
    psychological_abuse: bool = False,
) -> str:
    """The core GBV type: the first question answered "yes", in the tool's order."""
    answers = {
        "penetration": penetration,
        "sexual_contact": sexual_contact,
        "physical_assault": physical_assault,
        "forced_marriage": forced_marriage,
        "denial_of_resources": denial_of_resources,
        "psychological_abuse": psychological_abuse,
    }
    for name, gbv_type in QUESTIONS:
        if answers[name]:
            return gbv_type
    return NON_GBV


def deciding_question(answers: dict) -> str | None:
    """The name of the question whose "yes" decided the type, or None (not GBV).

    Pages use it to show the answers that led to the classification.
    """
    for name, _gbv_type in QUESTIONS:
        if answers.get(name):
            return name
    return None


def is_child(*, survivor_age: int | None = None, survivor_is_child: bool | None = None) -> bool:
    """Under 18: from an explicit flag (e.g. an age group) or else from an age in years.

    An unknown age counts as not a child, so no child flag is guessed.
    """
    if survivor_is_child is not None:
        return bool(survivor_is_child)
    return survivor_age is not None and survivor_age < ADULT_AGE


def context_flags(
    *,
    gbv_type: str,
    perpetrator_relationships: Iterable[str] = (),
    survivor_age: int | None = None,
    survivor_is_child: bool | None = None,
    money_or_goods_exchanged: bool = False,
    abducted_or_held: bool = False,
    harmful_traditional_practice: bool = False,
) -> list[str]:
    """The GBVIMS context flags of an incident, in a fixed order.

    - gbv_type: the result of classify().
    - perpetrator_relationships: each alleged perpetrator's relationship to the survivor
      (himoya.incidents.models.Relationship values). Intimate partner violence when any
      of them is the current or a former intimate partner.
    - survivor_age / survivor_is_child: the survivor's age in years at the incident, or
      whether they were under 18 (the flag wins when both are given). Child sexual abuse:
      a child survivor of rape or sexual assault. Early marriage: a child survivor of
      forced marriage.
    - money_or_goods_exchanged: money, goods, benefits or services were exchanged in
      relation to the incident. Possible sexual exploitation when the incident is rape or
      sexual assault (sex exchanged for something).
    - abducted_or_held: the survivor was abducted, trafficked or held against their will.
      Possible sexual slavery when the incident is rape or sexual assault.
    - harmful_traditional_practice: recorded as such by the caseworker (e.g. female
      genital cutting, bride kidnapping, forced virginity testing), flagged as recorded.
    """
    if gbv_type not in GBV_TYPES:
        raise ValueError(f"unknown GBV type: {gbv_type!r}")
    child = is_child(survivor_age=survivor_age, survivor_is_child=survivor_is_child)
    sexual = gbv_type in SEXUAL_VIOLENCE
    flags = {
        "intimate_partner_violence": any(
            str(relationship) in INTIMATE_PARTNERS for relationship in perpetrator_relationships
        ),
        "child_sexual_abuse": child and sexual,
        "early_marriage": child and gbv_type == "forced_marriage",
        "possible_sexual_exploitation": sexual and bool(money_or_goods_exchanged),
        "possible_sexual_slavery": sexual and bool(abducted_or_held),
        "harmful_traditional_practice": bool(harmful_traditional_practice),
    }
    return [flag for flag in CONTEXT_FLAGS if flags[flag]]


def reporting_delay(incident_date: date, reported_date: date) -> str:
    """The Incident Recorder's bucket for the days from the incident to the report.

    0–3 days, 4–5, 6–14, 15–30 (two weeks to one month), 31+ (over one month).
    A report dated before the incident is a data error: ValueError.
    """
    days = (reported_date - incident_date).days
    if days < 0:
        raise ValueError("the report date is before the incident date")
    if days <= 3:
        return "0-3"
    if days <= 5:
        return "4-5"
    if days <= 14:
        return "6-14"
    if days <= 30:
        return "15-30"
    return "31+"


# The forms of violence in the family under Tajikistan's 2013 law that a core type
# usually implies. Only a suggestion: several forms often apply (a rape is also
# physical violence when force was used; a forced marriage is often economic too), so
# the caseworker confirms the forms on the form. Rape and sexual assault suggest only
# "sexual"; law_forms_from_answers() adds "physical" when a beating was also reported.
LAW_FORMS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "rape": ("sexual",),
    "sexual_assault": ("sexual",),
    "physical_assault": ("physical",),
    "forced_marriage": ("psychological",),
    "denial_of_resources": ("economic",),
    "psychological_abuse": ("psychological",),
    NON_GBV: (),
}
LAW_FORMS: tuple[str, ...] = ("physical", "psychological", "sexual", "economic")


def law_forms_suggested(gbv_type: str) -> list[str]:
    """The 2013-law forms usually implied by a core GBV type (the user confirms them)."""
    if gbv_type not in LAW_FORMS_BY_TYPE:
        raise ValueError(f"unknown GBV type: {gbv_type!r}")
    return list(LAW_FORMS_BY_TYPE[gbv_type])


def law_forms_from_answers(answers: dict) -> list[str]:
    """Every 2013-law form that any "yes" answer points to, in the law's order.

    Unlike the core type, all answers count here: a beating with threats is both
    physical and psychological violence.
    """
    forms: set[str] = set()
    for name, gbv_type in QUESTIONS:
        if answers.get(name):
            forms.update(LAW_FORMS_BY_TYPE[gbv_type])
    return [form for form in LAW_FORMS if form in forms]
