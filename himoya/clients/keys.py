"""Key rotation: re-encrypt every encrypted column (and attachment file) with the first key.

Operators put a new key first in HIMOYA_FIELD_KEYS, keep the old ones after it, run
`himoya keys rotate`, and may then drop the old keys. The work goes in batches, each
in its own transaction, reading and writing the raw column values (the ORM would only
show plaintext), so a run that stops can simply be run again. A value under a key that
is not loaded, or one that fails authentication, stops the run naming the model, row
and key id: it is never skipped or overwritten.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction

from himoya.core import crypto
from himoya.core.fields import EncryptedTextField

BATCH_SIZE = 500


class RotationError(Exception):
    """A stored value cannot be re-encrypted (unknown key, altered data)."""


@dataclass
class RotationReport:
    key_id: str
    # model label -> [rows changed, values re-encrypted, values already under the key]
    models: dict[str, list[int]] = field(default_factory=dict)
    indexes_recomputed: int = 0
    files_reencrypted: int = 0
    files_current: int = 0

    @property
    def values_reencrypted(self) -> int:
        return sum(counts[1] for counts in self.models.values())


def encrypted_fields(model) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def encrypted_models() -> list[tuple[type, list[EncryptedTextField]]]:
    """Every installed model with at least one encrypted column, found by field type so
    that models added later are covered without touching this module."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = encrypted_fields(model)
        if fields:
            found.append((model, fields))
    return found


def _rotate_batch(model, fields, after_pk, key_id, counts) -> object | None:
    """Re-encrypt one batch of rows with pk > after_pk; return the last pk seen."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk_column = quote(model._meta.pk.column)
    columns = ", ".join(quote(f.column) for f in fields)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    where = f"WHERE {pk_column} > %s " if after_pk is not None else ""
    sql = f"SELECT {pk_column}, {columns} FROM {table} {where}ORDER BY {pk_column} LIMIT %s{lock}"  # noqa: S608 (quoted names)
    params = [after_pk, BATCH_SIZE] if after_pk is not None else [BATCH_SIZE]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        for pk, *values in rows:
            changes = {}
            for model_field, stored in zip(fields, values, strict=True):
                if stored in (None, ""):
                    continue
                new_value = _reencrypted(model, pk, model_field, stored, key_id)
                if new_value is None:
                    counts[2] += 1
                else:
                    changes[model_field.column] = new_value
            if changes:
                assignments = ", ".join(f"{quote(column)} = %s" for column in changes)
                cursor.execute(
                    f"UPDATE {table} SET {assignments} WHERE {pk_column} = %s",  # noqa: S608
                    [*changes.values(), pk],
                )
                counts[0] += 1
                counts[1] += len(changes)
    return rows[-1][0] if rows else None


def _reencrypted(model, pk, model_field, stored: str, key_id: str) -> str | None:
    """The value under the first key, or None when it already is."""
    where = f"{model._meta.label} pk={pk} field {model_field.name}"
    try:
        stored_key = crypto.key_id_of(stored)
        if stored_key == key_id:
            # Authenticate anyway: a rotation that vouches for the data must read it.
            crypto.decrypt(stored, model_field.context)
            return None
        plain = crypto.decrypt(stored, model_field.context)
    except crypto.DecryptionError as exc:
        raise RotationError(f"{where}: {exc}") from None
    return crypto.encrypt(plain, model_field.context)


def _recompute_identity_indexes(report: RotationReport) -> None:
    from himoya.clients.identity import refresh_identity_index
    from himoya.clients.models import Client

    last_pk = 0
    while True:
        with transaction.atomic():
            batch = list(
                Client.objects.select_for_update()
                .filter(pk__gt=last_pk, anonymised_at__isnull=True)
                .order_by("pk")
                .only("pk", "organisation_id", "name", "birth_date", "identity_index", "name_index")[:BATCH_SIZE]
            )
            for client in batch:
                report.indexes_recomputed += refresh_identity_index(client)
        if not batch:
            return
        last_pk = batch[-1].pk


def _rotate_files(report: RotationReport) -> None:
    """Attachment files carry their key id; re-seal those under an older key."""
    from himoya.cases import attachments
    from himoya.cases.models import Attachment

    for attachment in Attachment.objects.order_by("pk").only("pk", "storage_name").iterator():
        path = attachments.path_of(attachment.storage_name)
        if not path.exists():
            continue
        blob = path.read_bytes()
        where = f"cases.Attachment pk={attachment.pk} (file)"
        try:
            if crypto.key_id_of_bytes(blob) == report.key_id:
                report.files_current += 1
                continue
            plain = attachments.load(attachment.storage_name)
        except crypto.DecryptionError as exc:
            raise RotationError(f"{where}: {exc}") from None
        context = attachments._context(attachment.storage_name)
        temporary = path.with_suffix(".rotating")
        temporary.write_bytes(crypto.encrypt_bytes(plain, context))
        os.replace(temporary, path)
        report.files_reencrypted += 1


def rotate_keys(progress: Callable[[str], None] | None = None) -> RotationReport:
    """Re-encrypt everything under the first key; recompute the blind indexes."""
    report = RotationReport(key_id=crypto.current_key_id())
    for model, fields in encrypted_models():
        counts = report.models.setdefault(model._meta.label, [0, 0, 0])
        last_pk = None
        while True:
            with transaction.atomic():
                last_pk = _rotate_batch(model, fields, last_pk, report.key_id, counts)
            if last_pk is None:
                break
        if progress:
            progress(
                f"{model._meta.label}: {counts[1]} values re-encrypted in {counts[0]} rows, "
                f"{counts[2]} already under key {report.key_id}"
            )
    _recompute_identity_indexes(report)
    _rotate_files(report)
    return report
