"""Request shapes of the case API.

Every text has a maximum, every choice is an enum, unknown fields are refused, so bad
input is answered field by field (422) before anything is written.
"""

from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from himoya.cases.models import CaseStatus, RiskLevel

CaseStatusCode = Literal[tuple(CaseStatus.values)]  # type: ignore[valid-type]
RiskCode = Literal[tuple(RiskLevel.values)]  # type: ignore[valid-type]

CODE_MAX = 24
MAX_INT = 2**31 - 1
TEXT_MAX = 20_000


def version_field():
    return Field(
        ..., ge=1, le=MAX_INT, description="The version you loaded; a stale one is refused."
    )


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")
