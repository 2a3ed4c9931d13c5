"""Key rotation: re-encrypt every encrypted column (and sealed file) with the first key.

Operators put a new key first in HIMOYA_FIELD_KEYS, keep the old ones after it, run
`himoya keys rotate`, and may then drop the old keys. The work goes in batches, each
in its own transaction, reading and writing the raw column values (the ORM would only
show plaintext), so a run that stops can simply be run again. A value under a key that
is not loaded, or one that fails authentication, stops the run naming the model, row
and key id: it is never skipped or overwritten.

The blind indexes of person records are keyed with the first key too: rotation ends by
recomputing them (`reindex`, also `himoya keys reindex` on its own, for when the
normalisation of names or phones changes).
"""

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction

from himoya.clients.person_index import PersonIndexed, refresh_person_indexes
from himoya.core import crypto
from himoya.core.fields import encrypted_models
from himoya.core.sealed_files import sealed_file_stores

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


class ReindexError(Exception):
    """A person record's indexes cannot be recomputed (a value under an unknown key)."""


def indexed_models() -> list[type]:
    """Every installed person record with blind indexes, found by its base class
    (PersonIndexed) so that person records added later are re-indexed too."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, PersonIndexed) and not model._meta.proxy
    ]


def _undecryptable_row(model, columns, pks) -> str:
    """The first row of `pks` that does not decrypt, named as model and pk."""
    for pk in pks:
        try:
            model._base_manager.only(*columns).get(pk=pk)
        except crypto.DecryptionError as exc:
            return f"{model._meta.label} pk={pk}: {exc}"
    return f"{model._meta.label}: a value does not decrypt"


def _reindex_batch(model, columns, after_pk) -> tuple[object | None, int]:
    """Recompute one batch's indexes (rows with pk > after_pk): (last pk seen, rows changed)."""
    rows = model._base_manager.select_for_update().order_by("pk")
    if after_pk is not None:
        rows = rows.filter(pk__gt=after_pk)
    try:
        batch = list(rows.only(*columns)[:BATCH_SIZE])
    except crypto.DecryptionError:
        pks = list(rows.values_list("pk", flat=True)[:BATCH_SIZE])
        raise ReindexError(_undecryptable_row(model, columns, pks)) from None
    changed = sum(refresh_person_indexes(record) for record in batch)
    return (batch[-1].pk if batch else None), changed


def reindex(progress: Callable[[str], None] | None = None) -> int:
    """Recompute every person record's blind indexes with the first key and the current
    normalisation, in batches (each its own transaction); return the rows changed.
    Run after a key rotation (rotate_keys does) and after an upgrade that changes how
    names or phones are normalised: until then, search misses the rows not yet redone."""
    total = 0
    for model in indexed_models():
        columns = ("pk", *model.PERSON_INDEX_SOURCES, *model.PERSON_INDEXES)
        changed, last_pk = 0, None
        while True:
            with transaction.atomic():
                seen, batch_changed = _reindex_batch(model, columns, last_pk)
            changed += batch_changed
            if seen is None:
                break
            last_pk = seen
        total += changed
        if progress:
            progress(f"{model._meta.label}: {changed} rows re-indexed")
    return total


def _rotate_files(report: RotationReport) -> None:
    """Sealed files carry their key id; re-seal those under an older key. The apps that
    keep such files register them (himoya.core.sealed_files)."""
    for store in sealed_file_stores():
        for sealed in store.files():
            if not sealed.path.exists():
                continue
            blob = sealed.path.read_bytes()
            where = f"{store.label} pk={sealed.pk} (file)"
            try:
                if crypto.key_id_of_bytes(blob) == report.key_id:
                    report.files_current += 1
                    continue
                plain = crypto.decrypt_bytes(blob, sealed.context)
            except crypto.DecryptionError as exc:
                raise RotationError(f"{where}: {exc}") from None
            temporary = sealed.path.with_suffix(".rotating")
            temporary.write_bytes(crypto.encrypt_bytes(plain, sealed.context))
            os.replace(temporary, sealed.path)
            report.files_reencrypted += 1


def rotate_keys(progress: Callable[[str], None] | None = None) -> RotationReport:
    """Re-encrypt everything under the first key; recompute the blind indexes (reindex)."""
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
    report.indexes_recomputed = reindex(progress)
    _rotate_files(report)
    return report
