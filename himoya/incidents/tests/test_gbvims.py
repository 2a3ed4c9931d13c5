"""The GBVIMS Classification Tool as a truth table, the context flags and the delay buckets."""

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from himoya.incidents.gbvims import (
    ANSWER_NAMES,
    CONTEXT_FLAGS,
    GBV_TYPES,
    classify,
    context_flags,
    deciding_question,
    law_forms_from_answers,
    law_forms_suggested,
    reporting_delay,
)
from himoya.incidents.models import ContextFlag, GBVType, LawForm, ReportingDelay

TOOL_ORDER = [
    ("penetration", "rape"),
    ("sexual_contact", "sexual_assault"),
    ("physical_assault", "physical_assault"),
    ("forced_marriage", "forced_marriage"),
    ("denial_of_resources", "denial_of_resources"),
    ("psychological_abuse", "psychological_abuse"),
]


def _expected(answers: dict) -> str:
    for name, gbv_type in TOOL_ORDER:
        if answers[name]:
            return gbv_type
    return "non_gbv"


ALL_COMBINATIONS = [
    dict(zip(ANSWER_NAMES, values, strict=True))
    for values in itertools.product([False, True], repeat=len(ANSWER_NAMES))
]


@pytest.mark.parametrize(
    "answers", ALL_COMBINATIONS, ids=lambda a: "".join("1" if a[n] else "0" for n in ANSWER_NAMES)
)
def test_every_combination_classifies_as_the_first_yes(answers):
    assert classify(**answers) == _expected(answers)


def test_table_covers_all_64_combinations_and_every_type():
    assert len(ALL_COMBINATIONS) == 64
    assert {classify(**answers) for answers in ALL_COMBINATIONS} == set(GBV_TYPES)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, "non_gbv"),
        ({"penetration": True}, "rape"),
        ({"sexual_contact": True}, "sexual_assault"),
        ({"physical_assault": True}, "physical_assault"),
        ({"forced_marriage": True}, "forced_marriage"),
        ({"denial_of_resources": True}, "denial_of_resources"),
        ({"psychological_abuse": True}, "psychological_abuse"),
        # Ties: the earlier question wins.
        ({"penetration": True, "sexual_contact": True, "physical_assault": True}, "rape"),
        ({"sexual_contact": True, "psychological_abuse": True}, "sexual_assault"),
        ({"physical_assault": True, "forced_marriage": True}, "physical_assault"),
        ({"forced_marriage": True, "denial_of_resources": True}, "forced_marriage"),
        ({"denial_of_resources": True, "psychological_abuse": True}, "denial_of_resources"),
    ],
)
def test_named_cases(answers, expected):
    assert classify(**answers) == expected


def test_types_match_the_model_choices():
    assert set(GBV_TYPES) == set(GBVType.values)
    assert set(CONTEXT_FLAGS) == set(ContextFlag.values)
    assert set(law_forms_from_answers(dict.fromkeys(ANSWER_NAMES, True))) == set(LawForm.values)


def test_classify_takes_keywords_only():
    with pytest.raises(TypeError):
        classify(True)  # noqa: FBT003


@given(st.fixed_dictionaries({name: st.booleans() for name in ANSWER_NAMES}))
def test_first_yes_wins_and_later_answers_do_not_matter(answers):
    result = classify(**answers)
    decided_by = deciding_question(answers)
    if decided_by is None:
        assert result == "non_gbv"
        return
    index = ANSWER_NAMES.index(decided_by)
    assert not any(answers[name] for name in ANSWER_NAMES[:index])
    # Flipping any later answer never changes the type.
    for later in ANSWER_NAMES[index + 1 :]:
        assert classify(**{**answers, later: not answers[later]}) == result


# Context flags -------------------------------------------------------------------------


def test_no_flags_by_default():
    assert context_flags(gbv_type="physical_assault") == []


@pytest.mark.parametrize(
    ("relationships", "flagged"),
    [
        (["current_partner"], True),
        (["former_partner"], True),
        (["in_law", "current_partner"], True),
        (["family"], False),
        (["stranger", "in_law"], False),
        ([], False),
    ],
)
def test_intimate_partner_violence(relationships, flagged):
    flags = context_flags(gbv_type="physical_assault", perpetrator_relationships=relationships)
    assert ("intimate_partner_violence" in flags) is flagged


@pytest.mark.parametrize(
    ("gbv_type", "age", "flagged"),
    [
        ("rape", 17, True),
        ("rape", 18, False),
        ("sexual_assault", 17, True),
        ("sexual_assault", 18, False),
        ("sexual_assault", 5, True),
        ("physical_assault", 12, False),
        ("rape", None, False),
    ],
)
def test_child_sexual_abuse(gbv_type, age, flagged):
    flags = context_flags(gbv_type=gbv_type, survivor_age=age)
    assert ("child_sexual_abuse" in flags) is flagged


@pytest.mark.parametrize(
    ("gbv_type", "age", "flagged"),
    [
        ("forced_marriage", 17, True),
        ("forced_marriage", 18, False),
        ("forced_marriage", 14, True),
        ("psychological_abuse", 15, False),
    ],
)
def test_early_marriage(gbv_type, age, flagged):
    flags = context_flags(gbv_type=gbv_type, survivor_age=age)
    assert ("early_marriage" in flags) is flagged


def test_child_flag_wins_over_age():
    assert "child_sexual_abuse" in context_flags(gbv_type="rape", survivor_is_child=True)
    assert context_flags(gbv_type="rape", survivor_age=15, survivor_is_child=False) == []


@pytest.mark.parametrize(
    ("gbv_type", "exchanged", "flagged"),
    [
        ("rape", True, True),
        ("sexual_assault", True, True),
        ("rape", False, False),
        ("denial_of_resources", True, False),
    ],
)
def test_possible_sexual_exploitation(gbv_type, exchanged, flagged):
    flags = context_flags(gbv_type=gbv_type, money_or_goods_exchanged=exchanged)
    assert ("possible_sexual_exploitation" in flags) is flagged


@pytest.mark.parametrize(
    ("gbv_type", "held", "flagged"),
    [
        ("rape", True, True),
        ("sexual_assault", True, True),
        ("sexual_assault", False, False),
        ("physical_assault", True, False),
    ],
)
def test_possible_sexual_slavery(gbv_type, held, flagged):
    flags = context_flags(gbv_type=gbv_type, abducted_or_held=held)
    assert ("possible_sexual_slavery" in flags) is flagged


@pytest.mark.parametrize("recorded", [True, False])
def test_harmful_traditional_practice_as_recorded(recorded):
    flags = context_flags(gbv_type="non_gbv", harmful_traditional_practice=recorded)
    assert ("harmful_traditional_practice" in flags) is recorded


def test_all_flags_together_in_fixed_order():
    flags = context_flags(
        gbv_type="rape",
        perpetrator_relationships=["former_partner"],
        survivor_age=16,
        money_or_goods_exchanged=True,
        abducted_or_held=True,
        harmful_traditional_practice=True,
    )
    assert flags == [
        "intimate_partner_violence",
        "child_sexual_abuse",
        "possible_sexual_exploitation",
        "possible_sexual_slavery",
        "harmful_traditional_practice",
    ]


def test_unknown_type_is_refused():
    with pytest.raises(ValueError):
        context_flags(gbv_type="bad")
    with pytest.raises(ValueError):
        law_forms_suggested("bad")


# Reporting delay -----------------------------------------------------------------------

DAY = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (0, "0-3"),
        (3, "0-3"),
        (4, "4-5"),
        (5, "4-5"),
        (6, "6-14"),
        (14, "6-14"),
        (15, "15-30"),
        (30, "15-30"),
        (31, "31+"),
        (400, "31+"),
    ],
)
def test_delay_buckets_at_every_boundary(days, bucket):
    assert reporting_delay(DAY, DAY + timedelta(days=days)) == bucket


def test_delay_buckets_match_the_model_choices():
    assert {reporting_delay(DAY, DAY + timedelta(days=d)) for d in range(60)} == set(
        ReportingDelay.values
    )


def test_report_before_incident_is_an_error():
    with pytest.raises(ValueError):
        reporting_delay(DAY, DAY - timedelta(days=1))


# 2013 law forms ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gbv_type", "forms"),
    [
        ("rape", ["sexual"]),
        ("sexual_assault", ["sexual"]),
        ("physical_assault", ["physical"]),
        ("forced_marriage", ["psychological"]),
        ("denial_of_resources", ["economic"]),
        ("psychological_abuse", ["psychological"]),
        ("non_gbv", []),
    ],
)
def test_law_forms_suggested(gbv_type, forms):
    assert law_forms_suggested(gbv_type) == forms


def test_law_forms_from_every_yes():
    answers = {"penetration": True, "physical_assault": True, "psychological_abuse": True}
    assert law_forms_from_answers(answers) == ["physical", "psychological", "sexual"]
    assert law_forms_from_answers({}) == []
