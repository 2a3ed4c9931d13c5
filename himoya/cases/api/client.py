"""Case API: the client of a case, as the case shows her and as her details change.

Intake (api/intake.py) creates the client with the same fields.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field, field_validator

from himoya.accounts.api_auth import AUTH
from himoya.cases.api.common import ERROR_RESPONSES, district_named, refusals, router, writable_case
from himoya.cases.api.schemas import (
    BIRTH_DATE_HELP,
    AgeGroupCode,
    SexCode,
    Slug,
    StrictIn,
    choice,
    text,
    version_field,
)
from himoya.cases.audit import record_read
from himoya.clients.consent import needs_caregiver_record
from himoya.clients.models import AgeGroup, Disability, MaritalStatus, Sex, settled_age_group
from himoya.clients.services import update_client
from himoya.core.dates import BirthDate
from himoya.core.schemas import MultiLineText

TAGS = ["cases"]

DisabilityCode = choice(Disability.values)
MaritalCode = choice(MaritalStatus.values)

AGE_GROUP_HELP = (
    "With a birth_date, the age group follows from it (on the day of intake): leave it "
    "`unknown` or send the matching group; another group is refused (422). A client under "
    "18 needs the caregiver's consent."
)


class SafeContactOut(Schema):
    may_call: bool | None = None
    call_times: str = ""
    code_word: str = ""
    may_visit: bool | None = None
    notes: str = ""


class ClientOut(Schema):
    code: str
    name: str
    phone: str
    address: str
    birth_date: date | None
    safe_contact: SafeContactOut
    sex: str
    age_group: str
    district: str | None
    disability: str
    marital_status: str
    children_count: int | None
    version: int
    caregiver_consent_needed: bool = Field(
        description="She is under 18 and no caregiver's consent (or reason it was not "
        "sought) stands: her own consents count for nothing until one is recorded."
    )

    @staticmethod
    def resolve_district(obj):
        return obj.district.slug if obj.district_id else None

    @staticmethod
    def resolve_caregiver_consent_needed(obj):
        return needs_caregiver_record(obj)

    @staticmethod
    def resolve_safe_contact(obj):
        return obj.safe_contact or {}


class SafeContactIn(StrictIn):
    may_call: bool | None = None
    call_times: str = text(200, "")
    code_word: str = text(100, "")
    may_visit: bool | None = None
    notes: MultiLineText = text(1000, "")


class ClientFieldsIn(StrictIn):
    name: str = text(200, "", description="Name or alias (encrypted).")
    phone: str = text(40, "")
    address: MultiLineText = text(500, "")
    birth_date: BirthDate | None = Field(None, description=BIRTH_DATE_HELP)
    safe_contact: SafeContactIn | None = None
    sex: SexCode = Sex.FEMALE.value  # type: ignore[assignment]
    # Validated when left out too: "not known" becomes the birth date's group.
    age_group: AgeGroupCode = Field(  # type: ignore[assignment]
        AgeGroup.UNKNOWN.value, description=AGE_GROUP_HELP, validate_default=True
    )
    district: Slug | None = Field(None, description="District slug.")
    disability: DisabilityCode = Disability.UNKNOWN.value  # type: ignore[assignment]
    marital_status: MaritalCode = MaritalStatus.UNKNOWN.value  # type: ignore[assignment]
    children_count: int | None = Field(None, ge=0, le=30)

    @field_validator("age_group")
    @classmethod
    def age_group_follows_birth_date(cls, value, info):
        """The one rule of intake (clients.models.settled_age_group), on today."""
        try:
            return settled_age_group(info.data.get("birth_date"), value, timezone.localdate())
        except ValidationError as error:
            raise ValueError(error.message_dict["age_group"][0]) from None


class ClientPatchIn(StrictIn):
    version: int = version_field()
    name: str = text(200)
    phone: str = text(40)
    address: MultiLineText = text(500)
    birth_date: BirthDate | None = Field(None, description=BIRTH_DATE_HELP)
    safe_contact: SafeContactIn | None = None
    sex: SexCode | None = None
    age_group: AgeGroupCode | None = Field(None, description=AGE_GROUP_HELP)
    district: Slug | None = None
    disability: DisabilityCode | None = None
    marital_status: MaritalCode | None = None
    children_count: int | None = Field(None, ge=0, le=30)


def client_fields(data: dict) -> dict:
    """The services' client fields from the API's: a district slug becomes a District."""
    if "district" in data:
        data["district"] = district_named(data["district"], "client.district")
    if data.get("safe_contact") is not None:
        data["safe_contact"] = {
            k: v for k, v in data["safe_contact"].items() if v not in ("", None)
        }
    return data


@router.patch(
    "/{int:case_id}/client",
    operation_id="himoya_cases_api_case_write_patch_client",
    response={200: ClientOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Change the client's details",
)
@refusals
def patch_client(request, case_id: int, payload: ClientPatchIn):
    """Change any of the client's details; leave out what stays. Send the client's
    `version`: a stale one is refused (409) with the fields changed meanwhile."""
    case = writable_case(request, case_id)
    data = client_fields(payload.dict(exclude_unset=True))
    version = data.pop("version")
    for name in ("name", "phone", "address", "sex", "age_group", "disability", "marital_status"):
        if name in data and data[name] is None:
            raise ValidationError({name: [_("This field cannot be empty.")]})
    client = update_client(case.client, version, data, request.auth, request=request)
    record_read(request, case, client, what="client")
    return client
