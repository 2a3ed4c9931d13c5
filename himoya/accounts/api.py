"""JSON API for the signed-in user and for organisation admins managing their users.

Same rules as the web pages: every operation fetches the organisation through
himoya.accounts.access (outsider 404, wrong role 403) and writes through
himoya.accounts.services.
"""

from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from himoya.accounts import services, twofactor
from himoya.accounts.access import get_member_for_admin, get_organisation_for_user
from himoya.accounts.models import Membership, Role
from himoya.core.api import AUTH, error_body
from himoya.core.idempotency import idempotent, remember_created
from himoya.core.versioning import StaleEditError

router = Router(tags=["accounts"], auth=AUTH)

# A plain string checked by the service, so a wrong value gets one clear "profession" error.
ProfessionIn = str


class MembershipOut(Schema):
    organisation: str
    organisation_name: str
    role: str
    is_active: bool


class MeOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    profession: str
    is_superuser: bool
    two_factor: bool
    memberships: list[MembershipOut]


class MemberOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    profession: str
    role: str
    is_active: bool
    two_factor: bool
    version: int


class MemberCreateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=150)
    role: Role
    profession: ProfessionIn = Field(
        "", max_length=30, description="One of the profession codes, or empty."
    )
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    password: str = Field("", max_length=1024)


class MemberCreatedOut(Schema):
    member: MemberOut
    password: str | None = Field(
        None, description="The generated initial password, returned once; null if you sent one."
    )


class MemberPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, description="User.version as you last read it.")
    role: Role | None = None
    is_active: bool | None = None
    profession: ProfessionIn | None = None


class ErrorOut(Schema):
    message: str
    errors: dict[str, list[str]] = {}


class ConflictOut(ErrorOut):
    version: int
    changes: dict[str, str | bool | None]


def _member_out(membership, enrolled: set[int]) -> dict:
    user = membership.user
    return {
        "id": user.pk,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "profession": user.profession,
        "role": membership.role,
        "is_active": membership.is_active,
        "two_factor": user.pk in enrolled,
        "version": user.version,
    }


def _admin_organisation(request, slug):
    return get_organisation_for_user(request.auth, slug, roles=(Role.ORG_ADMIN,))


@router.get("/me", response=MeOut, summary="The signed-in user and their memberships")
def me(request: HttpRequest):
    user = request.auth
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    return {
        "id": user.pk,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "profession": user.profession,
        "is_superuser": user.is_superuser,
        "two_factor": twofactor.has_totp(user),
        "memberships": [
            {
                "organisation": m.organisation.slug,
                "organisation_name": str(m.organisation.name),
                "role": m.role,
                "is_active": m.is_active,
            }
            for m in memberships.order_by("organisation__slug")
        ],
    }


@router.get(
    "/orgs/{slug}/members",
    response={200: list[MemberOut], 403: ErrorOut, 404: ErrorOut},
    summary="Members of an organisation (organisation admins)",
)
def list_members(request: HttpRequest, slug: str):
    organisation = _admin_organisation(request, slug)
    memberships = list(
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__username")
    )
    enrolled = twofactor.users_with_totp(m.user_id for m in memberships)
    return [_member_out(m, enrolled) for m in memberships]


def replay_member(request, pk, slug, **_kwargs):
    """The Idempotency-Key replay of a created member: read again; a one-time password
    was shown once and is never stored, so `password` is null."""
    organisation = _admin_organisation(request, slug)
    member = get_member_for_admin(request.auth, organisation, int(pk))
    membership = Membership.objects.select_related("user").get(
        user=member, organisation=organisation
    )
    return {
        "member": _member_out(membership, twofactor.users_with_totp([member.pk])),
        "password": None,
    }


@router.post(
    "/orgs/{slug}/members",
    response={201: MemberCreatedOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Create a new user with a role in the organisation",
)
@idempotent(replay_member)
def create_member(request: HttpRequest, slug: str, payload: MemberCreateIn):
    organisation = _admin_organisation(request, slug)
    data = payload.dict()
    typed_password = data.pop("password")
    data["role"] = str(data["role"].value if hasattr(data["role"], "value") else data["role"])
    profession = data["profession"]
    data["profession"] = str(getattr(profession, "value", profession))
    user, password = services.create_member(
        request.auth, organisation, password=typed_password, request=request, **data
    )
    membership = Membership.objects.select_related("user").get(user=user, organisation=organisation)
    remember_created(request, user)
    return 201, {
        "member": _member_out(membership, set()),
        "password": None if typed_password else password,
    }


@router.patch(
    "/orgs/{slug}/members/{user_id}",
    response={200: MemberOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Change a member's role, active flag or profession",
)
def update_member(request: HttpRequest, slug: str, user_id: int, payload: MemberPatchIn):
    organisation = _admin_organisation(request, slug)
    member = get_member_for_admin(request.auth, organisation, user_id)
    data = payload.dict(exclude_unset=True)
    expected = data.pop("version")
    changes = {name: getattr(value, "value", value) for name, value in data.items()}
    try:
        services.update_member(
            request.auth,
            organisation,
            member,
            expected_version=expected,
            request=request,
            **changes,
        )
    except StaleEditError as error:
        body = error_body(error)
        body.update(version=error.current.version, changes=error.changes)
        return 409, body
    membership = Membership.objects.select_related("user").get(
        user=member, organisation=organisation
    )
    return _member_out(membership, twofactor.users_with_totp([member.pk]))
