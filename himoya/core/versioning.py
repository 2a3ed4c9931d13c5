"""Optimistic concurrency: an edit made on a stale copy is refused, never overwritten."""

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

OUT_OF_DATE = gettext_lazy("This form is out of date; reload the page.")
# Versions are stored in a 32-bit integer column; anything above is a tampered form.
MAX_VERSION = 2**31 - 1


def version_field(*, required: bool = True, min_value: int = 1) -> forms.IntegerField:
    """The hidden version a form carries (0 where the record may not exist yet)."""
    return forms.IntegerField(
        widget=forms.HiddenInput, min_value=min_value, max_value=MAX_VERSION, required=required
    )


class HiddenVersionFormMixin:
    """A broken hidden field (version, baseline, the values the editor saw) becomes a
    message the user can see.

    Errors of hidden fields have nowhere to show, so a tampered or truncated form would
    answer a silent 400.
    """

    def clean(self):
        cleaned = super().clean()
        broken = [
            name
            for name in self._errors
            if name in self.fields and self.fields[name].widget.is_hidden
        ]
        if broken:
            for name in broken:
                del self._errors[name]
            raise ValidationError(OUT_OF_DATE, code="out_of_date")
        return cleaned


class StaleEditError(Exception):
    """Raised when someone saved the record after the editor loaded it.

    `changes` maps each field that changed meanwhile to its current value, so the
    editor can see what happened before deciding again.
    """

    def __init__(self, current, changes: dict):
        self.current = current
        self.changes = changes
        names = ", ".join(field_label(current, name) for name in sorted(changes))
        names = names or _("no visible field")
        super().__init__(
            _(
                "Someone else saved this record while you were editing it. "
                "Changed meanwhile: %(fields)s. Nothing was saved; review and try again."
            )
            % {"fields": names}
        )


def field_label(record, name: str) -> str:
    """The field's name as people read it ("priority" -> "Приоритет"), else the raw name."""
    try:
        return str(record._meta.get_field(name.removesuffix("_id")).verbose_name)
    except (FieldDoesNotExist, AttributeError):
        return name


def display_value(field, value) -> str:
    """A stored value as the form shows it: choice labels, yes/no, lists joined."""
    if isinstance(value, (list, tuple)):
        return ", ".join(display_value(field, item) for item in value)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if value is None or value == "":
        return "—"
    for key, label in getattr(field, "choices", None) or ():
        group = label if isinstance(label, (list, tuple)) else [(key, label)]
        for choice, choice_label in group:
            if str(choice) == str(value):
                return str(choice_label)
    return str(value)


def describe_changes(
    form, values: dict, aliases: dict | None = None, record=None
) -> list[tuple[str, str]]:
    """(label, current value shown) per field someone else changed, for the stale notice.

    A field of `form` gives the label and choices; without one, the model field of
    `record` does (a related record is shown by its name, not its id). `aliases` names
    the form field whose label and choices describe a value whose name is not a form field.
    """
    rows = []
    for name, value in values.items():
        field = form.fields.get((aliases or {}).get(name, name)) if form is not None else None
        if field is not None:
            label = str(field.label) if field.label else name
        elif record is not None:
            label = field_label(record, name)
            field, value = _model_field_value(record, name, value)
        else:
            label = name
        rows.append((label, display_value(field, value)))
    return rows


def _model_field_value(record, name: str, value):
    try:
        field = record._meta.get_field(name.removesuffix("_id"))
    except (FieldDoesNotExist, AttributeError):
        return None, value
    if field.is_relation and not field.many_to_many:
        return field, getattr(record, field.name)
    return field, value


def stale_notice(error: StaleEditError, form=None, aliases: dict | None = None) -> dict:
    """What a page shows after refusing a stale edit: the message, and what is saved now."""
    return {
        "message": str(error),
        "changes": describe_changes(form, error.changes, aliases, record=error.current),
    }


def check_version(locked, expected_version: int, baseline: dict | None = None) -> None:
    """Refuse an edit made on a stale copy of `locked` (a row already locked for update).

    `baseline` is the editor's copy of the values as loaded; the error names the fields
    whose stored value differs from it.
    """
    if locked.version != expected_version:
        differences = {}
        for field, old_value in (baseline or {}).items():
            current = getattr(locked, field, None)
            if current != old_value:
                differences[field] = current
        raise StaleEditError(locked, differences)


def bump_version(instance, update_fields=None) -> None:
    """Count one more edit of `instance` and save it (only `update_fields` when given).

    The only place a version is raised, so every edited record counts edits the same way.
    """
    instance.version += 1
    if update_fields is None:
        instance.save()
    else:
        instance.save(update_fields=[*update_fields, "version"])


def next_version():
    """The expression that raises `version` by one in a queryset `update()`."""
    return F("version") + 1


def lock_versioned(queryset, pk, expected_version: int, baseline: dict | None = None):
    """Lock the row `pk` of `queryset` and refuse a stale version; returns the row.

    Must be called inside a transaction.
    """
    assert transaction.get_connection().in_atomic_block, "call inside transaction.atomic()"
    if not hasattr(queryset, "select_for_update"):
        queryset = queryset.objects
    locked = queryset.select_for_update().get(pk=pk)
    check_version(locked, expected_version, baseline)
    return locked


def update_versioned(
    model,
    pk,
    expected_version: int,
    changes: dict,
    *,
    m2m: dict | None = None,
    baseline: dict | None = None,
):
    """Lock the row, refuse a stale version, apply `changes`, validate and save.

    `baseline` is the editor's copy of the values as loaded; when given, the error
    names the fields whose stored value differs from it. Returns (instance, changed
    field names). Must be called inside a transaction.
    """
    instance = lock_versioned(model, pk, expected_version, baseline)
    changed = [name for name, value in changes.items() if getattr(instance, name) != value]
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.full_clean()
    for name, values in (m2m or {}).items():
        manager = getattr(instance, name)
        if {obj.pk for obj in manager.all()} != {obj.pk for obj in values}:
            changed.append(name)
            manager.set(values)
    if changed:
        bump_version(instance)
    return instance, changed


__all__ = [
    "HiddenVersionFormMixin",
    "StaleEditError",
    "ValidationError",
    "bump_version",
    "check_version",
    "describe_changes",
    "lock_versioned",
    "next_version",
    "stale_notice",
    "update_versioned",
    "version_field",
]
