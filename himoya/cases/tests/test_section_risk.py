"""Risk assessment: the rule, the page, the history, the case's level; the safety plan."""

import itertools

from himoya.cases import risk
from himoya.cases.models import Case, CaseStatus, RiskAssessment, RiskLevel, SafetyPlan
from himoya.cases.tests.factories import CaseFactory
from himoya.cases.tests.section_helpers import SectionTestCase


def test_no_indicator_is_low():
    result = risk.assess()
    assert result.level == RiskLevel.LOW
    assert result.reasons == ["rule:none"]


def test_each_severe_indicator_alone_is_high():
    for name in risk.SEVERE_INDICATORS:
        result = risk.assess(**{name: True})
        assert (result.level, result.rule) == (RiskLevel.HIGH, risk.RULE_SEVERE), name
        assert name in result.reasons


def test_other_indicators_one_or_two_medium_three_high():
    others = [n for n in risk.INDICATORS if n not in risk.SEVERE_INDICATORS]
    for count in range(1, len(others) + 1):
        for combo in itertools.combinations(others, count):
            result = risk.assess(**dict.fromkeys(combo, True))
            expected = RiskLevel.MEDIUM if count < 3 else RiskLevel.HIGH
            assert result.level == expected, combo
            assert list(combo) == [r for r in result.reasons if not r.startswith("rule:")]


def test_unknown_indicator_is_a_programming_error():
    import pytest

    with pytest.raises(TypeError):
        risk.assess(flying=True)


def test_reasons_are_described_in_words():
    from django.utils import translation

    with translation.override("en"):
        shown = risk.describe_reasons(risk.assess(weapon=True).reasons)
    assert shown[0] == "weapon used or threatened"
    assert "High" in shown[1]


class RiskPageTests(SectionTestCase):
    def test_saving_sets_the_case_level_and_keeps_history(self):
        self.sign_in(self.bob)
        version = self.case.version
        response = self.client.post(self.url("risk"), {"pregnancy": "on"})
        self.assertEqual(response.status_code, 302)
        case = Case.objects.get(pk=self.case.pk)
        self.assertEqual(case.risk_level, RiskLevel.MEDIUM)
        self.assertEqual(case.version, version + 1)
        self.client.post(self.url("risk"), {"strangulation": "on", "pregnancy": "on"})
        case.refresh_from_db()
        self.assertEqual(case.risk_level, RiskLevel.HIGH)
        self.assertEqual(RiskAssessment.objects.filter(case=case).count(), 2)
        self.assertEqual(self.writes(), 2)
        page = self.client.get(self.url("risk"))
        self.assertContains(page, "strangulation or choking")
        self.assertContains(page, "High: threats to kill")
        self.assertTrue(self.reads("risk_assessments"))

    def test_same_level_does_not_bump_the_version(self):
        self.sign_in(self.bob)
        self.client.post(self.url("risk"), {})
        version = Case.objects.get(pk=self.case.pk).version
        self.client.post(self.url("risk"), {})
        self.assertEqual(Case.objects.get(pk=self.case.pk).version, version)

    def test_closed_case_refuses_writes(self):
        closed = CaseFactory(organisation=self.alpha, caseworker=self.bob, status=CaseStatus.CLOSED)
        self.sign_in(self.bob)
        url = self.url("risk", case=closed)
        response = self.client.post(url, {"weapon": "on"})
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "closed", status_code=409)
        self.assertFalse(RiskAssessment.objects.filter(case=closed).exists())
        self.assertEqual(self.client.get(url).status_code, 200)


class SafetyPlanTests(SectionTestCase):
    def test_create_edit_and_read_is_audited(self):
        self.sign_in(self.bob)
        response = self.client.post(
            self.url("safety_plan"), {"plan": "Bag at aunt's", "version": 0}
        )
        self.assertEqual(response.status_code, 302)
        plan = SafetyPlan.objects.get(case=self.case)
        self.assertEqual((plan.plan, plan.version), ("Bag at aunt's", 1))
        page = self.client.get(self.url("safety_plan"))
        self.assertContains(page, "Bag at aunt&#x27;s")
        self.assertTrue(self.reads("safety_plan"))
        baseline = page.context["form"].initial["baseline"]
        self.client.post(
            self.url("safety_plan"),
            {"plan": "Bag at the neighbour's", "version": 1, "baseline": baseline},
        )
        plan.refresh_from_db()
        self.assertEqual((plan.plan, plan.version), ("Bag at the neighbour's", 2))

    def test_stale_edit_is_refused_and_shows_the_saved_text(self):
        SafetyPlan.objects.create(case=self.case, plan="Original", version=1)
        self.sign_in(self.bob)
        baseline = self.client.get(self.url("safety_plan")).context["form"].initial["baseline"]
        SafetyPlan.objects.filter(case=self.case).update(plan="Sam's change", version=2)
        response = self.client.post(
            self.url("safety_plan"), {"plan": "Bob's change", "version": 1, "baseline": baseline}
        )
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "Sam&#x27;s change", status_code=409)
        self.assertContains(response, "Bob&#x27;s change", status_code=409)
        self.assertEqual(SafetyPlan.objects.get(case=self.case).plan, "Sam's change")

    def test_missing_version_is_400_and_nothing_written(self):
        self.sign_in(self.bob)
        response = self.client.post(self.url("safety_plan"), {"plan": "x"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(SafetyPlan.objects.exists())
        self.assertEqual(self.writes(), 0)
