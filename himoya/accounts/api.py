"""JSON API for the signed-in user and for organisation admins managing their users.

Same rules as the web pages: every operation fetches the organisation through
himoya.directory.access (outsider 404, wrong role 403) and writes through
himoya.accounts.services.
"""

from django.contrib.auth import SESSION_KEY, update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from himoya.accounts import services, throttle, twofactor
from himoya.accounts.access import get_member_for_admin, require_platform_admin
from himoya.accounts.api_auth import AUTH
from himoya.accounts.models import Membership
from himoya.accounts.views_signin import locked_message
from himoya.core.api import error_body
from himoya.core.idempotency import idempotent, remember_created
from himoya.core.roles import Role
from himoya.core.schemas import MultiLineText, PasswordText, TextInput
from himoya.core.versioning import StaleEditError
from himoya.directory.access import get_organisation_for_user
from himoya.directory.api_schemas import KindCode

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


class MemberCreateIn(TextInput):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=150)
    role: Role
    profession: ProfessionIn = Field(
        "", max_length=30, description="One of the profession codes, or empty."
    )
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    password: PasswordText = Field("", max_length=1024)


class MemberCreatedOut(Schema):
    member: MemberOut
    password: str | None = Field(
        None, description="The generated initial password, returned once; null if you sent one."
    )


class MemberPatchIn(TextInput):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, description="User.version as you last read it.")
    role: Role | None = None
    is_active: bool | None = None
    profession: ProfessionIn | None = None


class PasswordChangeIn(TextInput):
    model_config = ConfigDict(extra="forbid")

    current_password: PasswordText = Field(max_length=1024)
    new_password: PasswordText = Field(max_length=1024)


class PasswordResetOut(Schema):
    username: str
    password: str = Field(
        description="The temporary password, returned once: give it to the person in person "
        "or by phone. It must be changed at their next sign-in."
    )


class NewOrganisationIn(TextInput):
    model_config = ConfigDict(extra="forbid")

    slug: str = Field(
        min_length=1,
        max_length=80,
        description="Short name: Latin letters, digits and hyphens; cannot be changed later.",
    )
    kind: KindCode  # type: ignore[valid-type]
    name_tg: str = Field(min_length=1, max_length=200)
    name_ru: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    district: str = Field(min_length=1, max_length=60, description="District slug.")
    description_tg: MultiLineText = Field("", max_length=4000)
    description_ru: MultiLineText = Field("", max_length=4000)
    description_en: MultiLineText = Field("", max_length=4000)
    email: str = Field("", max_length=254)
    website: str = Field("", max_length=200)
    code_prefix: str = Field(
        "", max_length=6, description="Two to six capital letters for client codes, e.g. KU."
    )


class FirstAdminIn(TextInput):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=150)
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    profession: ProfessionIn = Field(
        "", max_length=30, description="One of the profession codes, or empty."
    )


class OrganisationCreateIn(TextInput):
    model_config = ConfigDict(extra="forbid")

    organisation: NewOrganisationIn
    admin: FirstAdminIn = Field(description="The organisation's first organisation admin.")


class OrganisationCreatedOut(Schema):
    organisation: str = Field(description="The new organisation's slug.")
    admin: MemberOut
    password: str | None = Field(
        description="The admin's generated initial password, returned once and never sent "
        "anywhere else (null when the request is answered again for its Idempotency-Key)."
    )


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


@router.post(
    "/me/password",
    response={204: None, 422: ErrorOut, 429: ErrorOut},
    summary="Change your own password (the current one is required)",
)
def change_password(request: HttpRequest, payload: PasswordChangeIn):
    user = request.auth
    try:
        services.change_password(
            user,
            current_password=payload.current_password,
            new_password=payload.new_password,
            request=request,
        )
    except throttle.Locked as locked:
        return 429, error_body(locked_message(locked.lock.until))
    if getattr(request, "session", None) is not None and request.session.get(SESSION_KEY):
        # A browser session calling the API stays signed in; every other session ends.
        # (A token caller has no session to keep, and gets none.)
        update_session_auth_hash(request, user)
    return 204, None


@router.post(
    "/orgs/{slug}/members/{user_id}/reset-password",
    response={200: PasswordResetOut, 403: ErrorOut, 404: ErrorOut},
    summary="Reset a member's password to a temporary one (organisation admins)",
    description="Only for a member whose every membership, active or not, is in organisations you "
    "administer; anyone else, and platform admins, are reset by a platform superuser (403). "
    "Signs out the member's sessions; API tokens and two-factor sign-in stay.",
)
def reset_password(request: HttpRequest, slug: str, user_id: int):
    organisation = _admin_organisation(request, slug)
    member = get_member_for_admin(request.auth, organisation, user_id)
    password = services.reset_password(request.auth, organisation, member, request=request)
    return {"username": member.username, "password": password}


def replay_organisation(request, pk, **_kwargs):
    """The Idempotency-Key replay of an added organisation: its first admin's membership
    read again; the initial password was shown once and is never stored, so it is null."""
    require_platform_admin(request.auth)
    membership = Membership.objects.select_related("user", "organisation").get(pk=int(pk))
    return {
        "organisation": membership.organisation.slug,
        "admin": _member_out(membership, twofactor.users_with_totp([membership.user_id])),
        "password": None,
    }


@router.post(
    "/organisations",
    response={201: OrganisationCreatedOut, 403: ErrorOut, 422: ErrorOut},
    summary="Add an organisation with its first organisation admin (platform admin)",
)
@idempotent(replay_organisation)
def create_organisation(
    request: HttpRequest, response: HttpResponse, payload: OrganisationCreateIn
):
    require_platform_admin(request.auth)
    # The answer carries a password: no cache, whatever the API does for other answers.
    add_never_cache_headers(response)
    organisation, admin, password = services.create_organisation_with_admin(
        request.auth,
        organisation=payload.organisation.dict(),
        admin=payload.admin.dict(),
        request=request,
    )
    membership = Membership.objects.select_related("user").get(
        user=admin, organisation=organisation
    )
    remember_created(request, membership)
    return Status(
        201,
        {
            "organisation": organisation.slug,
            "admin": _member_out(membership, set()),
            "password": password,
        },
    )
