"""Who is told: the people who follow a referral on each side, and an organisation's
supervisors. The receivers (himoya.notifications.receivers) pass these to notify()."""

from himoya.accounts.models import User
from himoya.core.roles import Role
from himoya.referrals.access import RECEIVER_ROLES


def members_with_roles(organisation_id, roles):
    """The active users holding one of `roles` in an active membership of the organisation."""
    return User.objects.filter(
        is_active=True,
        memberships__organisation_id=organisation_id,
        memberships__role__in=roles,
        memberships__is_active=True,
    ).distinct()


def supervisors_of_both_sides(referral) -> list:
    """The supervisors of the sending and the receiving organisation."""
    return [
        *members_with_roles(referral.from_organisation_id, [Role.SUPERVISOR]),
        *members_with_roles(referral.to_organisation_id, [Role.SUPERVISOR]),
    ]


def receiving_staff(referral) -> list:
    """Who works the receiving organisation's inbox: its caseworkers and supervisors."""
    return list(members_with_roles(referral.to_organisation_id, RECEIVER_ROLES))


def sending_staff(referral) -> list:
    """Who follows the referral at A: the case's caseworker (or the call's operator)
    and A's supervisors."""
    people = list(members_with_roles(referral.from_organisation_id, [Role.SUPERVISOR]))
    if referral.from_case_id and referral.from_case.caseworker_id:
        people.append(referral.from_case.caseworker)
    if referral.from_call_id:
        people.append(referral.from_call.operator)
    return people
