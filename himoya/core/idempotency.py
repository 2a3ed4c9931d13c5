"""The Idempotency-Key header of the API's creating requests: a repeat is not done twice.

A client that did not hear the answer to a POST that creates a record (a dropped
connection on a district office's line) sends it again with the same key; the first
call's record is answered again instead of a second record being made:

- the same key with the same request (method, path, body) by the same user, or the
  same API token, answers as the first call did: its status code and the record it
  created, rendered again from the record's id under today's access rules (a record
  since deleted, or one the caller may no longer read, answers 404 or 403 as a read
  would). Nothing of the answer itself is stored: it would hold decrypted data;
- the same key with another request is refused with 422; nothing is done;
- a key is remembered for HIMOYA_IDEMPOTENCY_HOURS (24 by default), then forgotten.

The key is reserved inside the transaction that creates the record, so two requests
with the same key at once make one record: the second waits for the first and is
answered as its repeat. A request that creates nothing (refused, invalid) leaves no
key behind: it can be sent again with the same key once corrected.

Every creating POST of the API is wrapped with @idempotent (directly under
@router.post); the OpenAPI document lists the header on exactly those operations.
"""

import contextlib
import datetime
import functools
import hashlib
import json
import re

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Status

from himoya.core.models import IdempotencyKey

HEADER = "Idempotency-Key"
# Visible ASCII, as the IETF draft and payment APIs use; a UUID is a good key.
KEY_PATTERN = re.compile(r"[!-~]{1,255}")
# Query parameters that change only how the answer reads, not what is asked.
PRESENTATION_PARAMETERS = {"lang"}

OPENAPI_PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    "description": (
        "Optional. A unique key (e.g. a UUID) for this creating request. Sending the same "
        "request again with the same key, by the same user or API token within 24 hours "
        "(HIMOYA_IDEMPOTENCY_HOURS), creates nothing new: the answer is the first call's "
        "status and record, read again now (404 or 403 if it was deleted or you may no "
        "longer read it). The same key with another request is refused with 422."
    ),
}


def remember_created(request, record) -> None:
    """Name the record a creating view made when its answer is not that record (a call
    that carries a new referral, a member with a one-time password, ...)."""
    request._himoya_created = record


def _created(request, result, model):
    """(status, model label, id) of what the view created, or None if it created nothing."""
    if isinstance(result, HttpResponse):
        return None
    if isinstance(result, Status):
        status, value = result.status_code, result.value
    elif isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], int):
        status, value = result
    else:
        status, value = 200, result
    if not 200 <= status < 300:
        return None
    record = getattr(request, "_himoya_created", None)
    if isinstance(record, models.Model):
        return status, record._meta.label_lower, str(record.pk)
    if isinstance(value, models.Model):
        return status, value._meta.label_lower, str(value.pk)
    if model is not None and isinstance(value, dict) and value.get("id") is not None:
        return status, model._meta.label_lower, str(value["id"])
    return None


def request_hash(request) -> str:
    """A hash of what the request asks: method, path, query (but the language) and body.

    A JSON body counts by its content (key order and spaces do not matter); a multipart
    upload by its fields and the content of its files, not by its random boundary.
    """
    digest = hashlib.sha256()
    query = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name not in PRESENTATION_PARAMETERS
        for value in values
    )
    digest.update(json.dumps([request.method, request.path, query]).encode())
    if request.content_type == "multipart/form-data":
        fields = sorted((name, values) for name, values in request.POST.lists())
        digest.update(json.dumps(fields, ensure_ascii=False).encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                digest.update(json.dumps([name, upload.name, upload.content_type]).encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
        return digest.hexdigest()
    body = request.body
    with contextlib.suppress(ValueError):
        body = json.dumps(json.loads(body), sort_keys=True, ensure_ascii=False).encode()
    digest.update(body)
    return digest.hexdigest()


def _refused(message, *, field=None):
    from himoya.core.api import json_error

    return json_error(422, message, {field or HEADER: [message]})


def _cutoff():
    return timezone.now() - datetime.timedelta(hours=settings.HIMOYA_IDEMPOTENCY_HOURS)


def idempotent(replay, *, model=None):
    """Honour the Idempotency-Key header on a creating API operation.

    `replay(request, pk, **kwargs)` renders the created record again from its id, with
    the view's own access checks (they raise 404/403 as a read would); `kwargs` are the
    view's (path parameters, payload). The record is the view's answer when that is a
    model instance, a dict with an `id` of `model`, or what the view named with
    remember_created().
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            key = request.headers.get(HEADER)
            if key is None:
                return view(request, *args, **kwargs)
            if not KEY_PATTERN.fullmatch(key):
                return _refused(
                    _("Send an Idempotency-Key of 1 to 255 visible ASCII characters, e.g. a UUID.")
                )
            # Forget the keys that are too old, in a statement of its own.
            IdempotencyKey.objects.filter(created_at__lt=_cutoff()).delete()
            owner = {"user": request.auth, "token": getattr(request, "himoya_api_token", None)}
            fingerprint = request_hash(request)
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        entry = IdempotencyKey.objects.create(
                            **owner, key=key, request_hash=fingerprint
                        )
                except IntegrityError:
                    # Answered before (or just now, by a request that we waited for).
                    first = IdempotencyKey.objects.get(**owner, key=key)
                    return _repeat(request, first, fingerprint, replay, kwargs)
                result = view(request, *args, **kwargs)
                created = _created(request, result, model)
                if created is None:
                    # Nothing was created: the key stays free for the corrected request.
                    entry.delete()
                    return result
                entry.status_code, entry.model, entry.object_id = created
                entry.save(update_fields=["status_code", "model", "object_id"])
                return result

        wrapped.idempotent = True
        return wrapped

    return decorate


def _repeat(request, first, fingerprint, replay, kwargs):
    if first.request_hash != fingerprint:
        return _refused(
            _(
                "This Idempotency-Key was already used for another request. Use a new key "
                "for a new request; nothing was done."
            )
        )
    return Status(first.status_code, replay(request, first.object_id, **kwargs))


def document(api) -> None:
    """List the header on every operation wrapped with @idempotent (once)."""
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                if not getattr(operation.view_func, "idempotent", False):
                    continue
                extra = operation.openapi_extra or {}
                parameters = extra.setdefault("parameters", [])
                if not any(p.get("name") == HEADER for p in parameters):
                    parameters.append(dict(OPENAPI_PARAMETER))
                operation.openapi_extra = extra
