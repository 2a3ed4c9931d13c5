"""The building blocks of the case API's shapes, shared by its resources and by the
apps above that answer in the same style (incidents, hotline, referrals).

Every text has a maximum, every choice is an enum, unknown fields are refused, so bad
input is answered field by field (422) before anything is written. Users are named by
username, organisations and districts by slug: short, stable, and the same in requests
and answers. Each resource's own shapes sit beside its operations.
"""

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints

from himoya.clients.models import AgeGroup, ConsentMethod, Sex
from himoya.core.schemas import TextInput
from himoya.directory.models import Sector


def choice(values) -> type:
    return Literal[tuple(str(value) for value in values)]  # type: ignore[valid-type]


SexCode = choice(Sex.values)
AgeGroupCode = choice(AgeGroup.values)
ConsentMethodCode = choice(ConsentMethod.values)
SectorCode = choice(Sector.values)

CODE_MAX = 24
MAX_INT = 2**31 - 1
TEXT_MAX = 20_000
Slug = Annotated[str, StringConstraints(min_length=1, max_length=80)]
Username = Annotated[str, StringConstraints(min_length=1, max_length=150)]
EVENT_DATE_HELP = "A past event: from 2000-01-01 to today."
DUE_DATE_HELP = "Within ten years of today, either way."
BIRTH_DATE_HELP = "From 1900-01-01 to today."


def version_field(minimum: int = 1):
    return Field(
        ..., ge=minimum, le=MAX_INT, description="The version you loaded; a stale one is refused."
    )


def text(limit: int, default=None, **extra):
    return Field(default, max_length=limit, **extra)


class StrictIn(TextInput):
    model_config = ConfigDict(extra="forbid")


def username(user) -> str | None:
    return user.username if user is not None else None
