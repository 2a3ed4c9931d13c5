"""Shared case fixtures for tests: clients, consents, cases, follow-ups and actions.

These write rows directly (no services, no audit) so that a test of one part does not
depend on another part's code. Use them inside HimoyaTestCase (bob, sam, ... exist).

    client = make_client(self.alpha, name="Ранo Каримова")
    case = make_case(self.alpha, self.bob)                 # a new client is made for it
    case = make_case(self.alpha, None, status=CaseStatus.CLOSED)
    make_follow_up(case, due_date=today - timedelta(days=2), assigned_to=self.bob)
"""

import datetime
import itertools

from django.utils import timezone

from himoya.cases.models import Case, CaseAction, CaseStatus, CaseStep, FollowUp
from himoya.clients.models import AgeGroup, Client, Consent, ConsentKind, ConsentMethod, Sex

_numbers = itertools.count(1)


def next_client_code(organisation) -> str:
    prefix = organisation.code_prefix or organisation.slug[:2].upper()
    return f"{prefix}-{timezone.now().year}-T{next(_numbers):05d}"


def identity_index_for(organisation, name: str, birth_date=None) -> str:
    """The blind index the clients app computes (organisation-scoped)."""
    from himoya.clients.identity import identity_index

    return identity_index(organisation.pk, name, birth_date)


def name_index(organisation_id, name: str) -> str:
    from himoya.clients.identity import name_index as compute

    return compute(organisation_id, name)


def make_client(organisation, *, created_by=None, **fields) -> Client:
    """A client with a unique test code; pass name/phone/birth_date/... to override."""
    name = fields.pop("name", "Test Client")
    birth_date = fields.pop("birth_date", None)
    values = {
        "code": next_client_code(organisation),
        "sex": Sex.FEMALE,
        "age_group": AgeGroup.AGE_26_40,
        "district": organisation.district,
        "phone": "",
        "safe_contact": {"may_call": False},
        "identity_index": identity_index_for(organisation, name, birth_date),
        "name_index": name_index(organisation.pk, name),
    }
    values.update(fields)
    return Client.objects.create(
        organisation=organisation,
        name=name,
        birth_date=birth_date,
        created_by=created_by,
        **values,
    )


def make_consent(client, taken_by, kind=ConsentKind.SERVICES, **fields) -> Consent:
    values = {"method": ConsentMethod.VERBAL, "taken_at": timezone.now()}
    values.update(fields)
    return Consent.objects.create(client=client, kind=kind, taken_by=taken_by, **values)


def make_case(organisation, caseworker=None, *, client=None, **fields) -> Case:
    """A case of `organisation` assigned to `caseworker` (may be None).

    A client (with a services consent taken by the caseworker, when there is one) is
    created unless given. Any Case field can be overridden, e.g. status=..., next_due=...
    """
    if client is None:
        client = make_client(organisation, created_by=caseworker)
        if caseworker is not None:
            make_consent(client, caseworker)
    values = {
        "status": CaseStatus.OPEN,
        "step": CaseStep.ENGAGEMENT,
        "district": client.district,
        "opened_at": timezone.now(),
        "opened_by": caseworker,
    }
    values.update(fields)
    if values["status"] == CaseStatus.CLOSED and "closed_at" not in fields:
        values["closed_at"] = timezone.now()
    return Case.objects.create(
        organisation=organisation, client=client, caseworker=caseworker, **values
    )


def make_follow_up(case, *, due_date=None, assigned_to=None, **fields) -> FollowUp:
    due = due_date or timezone.localdate() + datetime.timedelta(days=7)
    return FollowUp.objects.create(
        case=case, due_date=due, assigned_to=assigned_to or case.caseworker, **fields
    )


def make_action(case, *, due_date=None, **fields) -> CaseAction:
    values = {"goal": "Safety", "action": "Find a shelter place"}
    values.update(fields)
    return CaseAction.objects.create(case=case, due_date=due_date, **values)
