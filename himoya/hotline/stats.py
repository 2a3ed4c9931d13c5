"""Call statistics for a period: aggregate queries only, never a loop over the calls.

One query for the totals and the counts of listed values (forms of violence, actions),
one per breakdown, two for the median and one for the referrals' statuses (counted by
the referrals app: signals.call_referral_counts): a fixed number whatever the number of
calls.
"""

from dataclasses import dataclass

from django.db.models import Avg, Count, Q, TextField
from django.db.models.functions import Cast

from himoya.clients.models import AgeGroup, Sex
from himoya.core.collation import sort_key
from himoya.core.translation import current_language
from himoya.directory.models import Language
from himoya.hotline.models import Call, CallAction, CallerType, CallTopic
from himoya.hotline.queries import in_period
from himoya.hotline.signals import answers, call_referral_counts
from himoya.incidents.models import LawForm

BREAKDOWNS = (
    ("topic", CallTopic),
    ("caller_type", CallerType),
    ("sex", Sex),
    ("age_group", AgeGroup),
    ("language", Language),
)
LISTED = (("forms_of_violence", LawForm), ("actions", CallAction))


@dataclass
class Statistics:
    date_from: object
    date_to: object
    total: int
    risk_flagged: int
    callbacks_wanted: int
    average_minutes: float | None
    median_minutes: float | None
    breakdowns: dict  # name -> [(value, label, count)], every choice listed
    districts: list  # [(slug, name, count)], busiest first; "" for not known
    listed: dict  # forms_of_violence / actions -> [(value, label, count)]
    referrals: list  # [(status, label, count)], every status of a referral listed
    referrals_total: int


def _contains(field: str, value: str) -> Q:
    # The JSON list as text: '["physical", "sexual"]'. Matching the quoted value works
    # the same on SQLite and PostgreSQL, which has no common JSON "contains" lookup.
    return Q(**{f"{field}_text__contains": f'"{value}"'})


def _totals(calls) -> dict:
    counts = {
        "total": Count("pk"),
        "risk_flagged": Count("pk", filter=Q(risk_flag=True)),
        "callbacks_wanted": Count("pk", filter=Q(callback_wanted=True)),
        "average_minutes": Avg("duration_minutes"),
    }
    for field, choices in LISTED:
        for value in choices.values:
            counts[f"{field}:{value}"] = Count("pk", filter=_contains(field, value))
    texts = {f"{field}_text": Cast(field, TextField()) for field, _choices in LISTED}
    return calls.alias(**texts).aggregate(**counts)


def _median(calls, total: int) -> float | None:
    """The middle duration (the mean of the two middle ones for an even count)."""
    if not total:
        return None
    ordered = calls.order_by("duration_minutes").values_list("duration_minutes", flat=True)
    middle = list(ordered[(total - 1) // 2 : total // 2 + 1])
    return sum(middle) / len(middle)


def _breakdown(calls, field: str, choices) -> list[tuple]:
    counts = dict(calls.order_by().values_list(field).annotate(n=Count("pk")))
    return [(value, label, counts.get(value, 0)) for value, label in choices.choices]


def _districts(calls) -> list[tuple]:
    rows = (
        calls.order_by()
        .values_list(
            "district__slug", "district__name_tg", "district__name_ru", "district__name_en"
        )
        .annotate(n=Count("pk"))
    )
    index = {"tg": 1, "ru": 2, "en": 3}[current_language()]
    result = [(row[0] or "", (row[index] or row[1]) if row[0] else "", row[4]) for row in rows]
    return sorted(result, key=lambda row: (-row[2], sort_key(row[1])))


def call_statistics(organisation, date_from, date_to) -> Statistics:
    """The statistics of `organisation`'s calls started from `date_from` to `date_to`."""
    calls = in_period(Call.objects.filter(organisation=organisation), date_from, date_to)
    totals = _totals(calls)
    referrals = answers(call_referral_counts, calls=calls)
    return Statistics(
        date_from=date_from,
        date_to=date_to,
        total=totals["total"],
        risk_flagged=totals["risk_flagged"],
        callbacks_wanted=totals["callbacks_wanted"],
        average_minutes=(
            round(totals["average_minutes"], 1) if totals["average_minutes"] is not None else None
        ),
        median_minutes=_median(calls, totals["total"]),
        breakdowns={field: _breakdown(calls, field, choices) for field, choices in BREAKDOWNS},
        districts=_districts(calls),
        listed={
            field: [(value, label, totals[f"{field}:{value}"]) for value, label in choices.choices]
            for field, choices in LISTED
        },
        referrals=referrals,
        referrals_total=sum(count for _value, _label, count in referrals),
    )
