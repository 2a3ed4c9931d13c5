"""The risk level of a case, derived from the danger checklist (never typed in).

The rule, kept deliberately simple so a caseworker can check it by hand:

- HIGH when any one of the three strongest predictors of lethal violence is present
  (threats to kill, a weapon used or threatened, strangulation or choking), or when
  three or more indicators of any kind are present;
- MEDIUM when one or two of the other indicators are present;
- LOW when none is.

The reasons shown are the indicators found, plus which part of the rule decided.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from himoya.cases.models import RiskAssessment, RiskLevel

# In checklist order, as the form asks them.
INDICATORS = (
    "threats_to_kill",
    "weapon",
    "strangulation",
    "escalation",
    "pregnancy",
    "children_at_risk",
    "perpetrator_access",
)
# Any one of these alone means high risk.
SEVERE_INDICATORS = frozenset({"threats_to_kill", "weapon", "strangulation"})
HIGH_COUNT = 3

RULE_SEVERE = "severe"
RULE_COUNT = "count"
RULE_SOME = "some"
RULE_NONE = "none"

RULE_TEXT = {
    RULE_SEVERE: _("High: threats to kill, a weapon or strangulation alone mean high risk."),
    RULE_COUNT: _("High: three or more danger indicators are present."),
    RULE_SOME: _("Medium: one or two danger indicators are present."),
    RULE_NONE: _("Low: no danger indicator is present."),
}


@dataclass(frozen=True)
class RiskResult:
    level: str
    rule: str
    indicators: tuple[str, ...]

    @property
    def reasons(self) -> list[str]:
        """What is stored with the assessment: the indicators found, then the rule."""
        return [*self.indicators, f"rule:{self.rule}"]


def assess(**answers: bool) -> RiskResult:
    """The risk level for the checklist `answers` (keyword booleans named as INDICATORS)."""
    unknown = set(answers) - set(INDICATORS)
    if unknown:
        raise TypeError(f"unknown risk indicators: {sorted(unknown)}")
    present = tuple(name for name in INDICATORS if answers.get(name))
    if SEVERE_INDICATORS.intersection(present):
        return RiskResult(RiskLevel.HIGH, RULE_SEVERE, present)
    if len(present) >= HIGH_COUNT:
        return RiskResult(RiskLevel.HIGH, RULE_COUNT, present)
    if present:
        return RiskResult(RiskLevel.MEDIUM, RULE_SOME, present)
    return RiskResult(RiskLevel.LOW, RULE_NONE, present)


def indicator_label(name: str) -> str:
    return str(RiskAssessment._meta.get_field(name).verbose_name)


def describe_reasons(reasons: list) -> list[str]:
    """Human-readable reasons, in the active language, from a stored reasons list."""
    shown = []
    for reason in reasons or []:
        if isinstance(reason, str) and reason.startswith("rule:"):
            text = RULE_TEXT.get(reason.removeprefix("rule:"))
            if text:
                shown.append(str(text))
        elif reason in INDICATORS:
            shown.append(indicator_label(reason))
    return shown
