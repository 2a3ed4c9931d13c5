"""What every case API operation shares: the access checks and the refusals.

Every operation fetches its case through himoya.cases.access (outsider 404, wrong role
403) before anything else, and a record of a case only together with that case, so an
id from another case answers 404 just like a missing one.
"""

import functools

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Status

from himoya.accounts.models import User
from himoya.audit.history import fields_changed_after
from himoya.audit.models import AuditAction
from himoya.cases.access import CaseClosedError, get_case_for_user, get_case_record_for_user
from himoya.cases.audit import record_read
from himoya.core.api import error_body, stale_error_body, unknown_version_body
from himoya.core.versioning import StaleEditError
from himoya.directory.models import Organisation
from himoya.geo.models import District

# One router for every case operation: Django resolves a path to its first pattern, so
# the reads and writes of one path (GET and PATCH /{case_id}) must share a router.
router = Router()

ERROR_RESPONSES = {400: dict, 401: dict, 403: dict, 404: dict, 409: dict, 422: dict}
READ_ERRORS = {401: dict, 403: dict, 404: dict, 422: dict}


def readable_case(request, case_id):
    return get_case_for_user(request.auth, case_id)


def writable_case(request, case_id, *, approve=False):
    """The case if the caller may change it; a closed case raises CaseClosedError."""
    return get_case_for_user(request.auth, case_id, write=True, approve=approve)


def case_record(request, case, model, record_id, *, write=False):
    """A record of `case` (checked through its own case as well); 404 if it is another's."""
    record, owner = get_case_record_for_user(request.auth, model, record_id, write=write)
    if owner.pk != case.pk:
        raise Http404
    return record


def replay_record(model, what: str):
    """The Idempotency-Key replay of a created record of a case (core/idempotency.py):
    read again through its case, as a read would be, and audited as one."""

    def replay(request, pk, case_id, **_kwargs):
        case = readable_case(request, case_id)
        created = case_record(request, case, model, pk)
        record_read(request, case, what=what)
        return created

    return replay


def refusals(view):
    """Answer a closed case and a stale edit with 409 and a message, never a 500.

    The stale answer names the fields changed since the `version` the caller sent.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except CaseClosedError as closed:
            return Status(409, error_body(str(closed)))
        except StaleEditError as stale:
            payload = kwargs.get("payload")
            return stale_answer(stale, getattr(payload, "version", 0))

    return wrapped


class _NoRecord:
    version = 0


def stale_answer(stale: StaleEditError, version: int):
    """409 naming what changed after `version`: the fields the service saw differ, and
    those the audit entries of the newer versions name (each save writes one)."""
    unknown = unknown_version_body(stale.current, version)
    if unknown is not None:
        return Status(422, unknown)
    current = stale.current if stale.current is not None else _NoRecord()
    changed = set(stale.changes)
    if isinstance(current, models.Model):
        changed.update(
            fields_changed_after(current, version, actions=[AuditAction.RECORD_CHANGED])
        )
    return Status(409, stale_error_body(current, version, sorted(changed)))


def user_in(organisation, username, field: str):
    """An active member of `organisation` named `username`; a field error otherwise."""
    if username is None:
        return None
    user = User.objects.filter(
        username=username,
        is_active=True,
        memberships__organisation=organisation,
        memberships__is_active=True,
    ).first()
    if user is None:
        raise ValidationError({field: [_("Choose a member of this organisation.")]})
    return user


def district_named(slug, field: str = "district"):
    if slug is None:
        return None
    district = District.objects.filter(slug=slug).first()
    if district is None:
        raise ValidationError({field: [_("Unknown district.")]})
    return district


def organisation_named(slug, field: str):
    if slug is None:
        return None
    organisation = Organisation.objects.filter(slug=slug, is_active=True).first()
    if organisation is None:
        raise ValidationError({field: [_("Unknown organisation.")]})
    return organisation
