"""Who is told: the people who follow a referral on each side, and an organisation's
supervisors. The receivers (himoya.notifications.receivers) pass these to notify()."""

from himoya.accounts.roles import members_holding
from himoya.core.roles import Role
from himoya.referrals.access import RECEIVER_ROLES


def supervisors_of_both_sides(referral) -> list:
    """The supervisors of the sending and the receiving organisation."""
    return [
        *members_holding(referral.from_organisation_id, [Role.SUPERVISOR]),
        *members_holding(referral.to_organisation_id, [Role.SUPERVISOR]),
    ]


def receiving_staff(referral) -> list:
    """Who works the receiving organisation's inbox: its caseworkers and supervisors."""
    return list(members_holding(referral.to_organisation_id, RECEIVER_ROLES))


def sending_staff(referral) -> list:
    """Who follows the referral at A: the case's caseworker (or the call's operator)
    and A's supervisors."""
    people = list(members_holding(referral.from_organisation_id, [Role.SUPERVISOR]))
    if referral.from_case_id and referral.from_case.caseworker_id:
        people.append(referral.from_case.caseworker)
    if referral.from_call_id:
        people.append(referral.from_call.operator)
    return people
