"""Alphabetical order for names people read: Tajik, Russian and English.

Python compares strings by code point, which puts «Ё» (U+0401) before «А» and the Tajik
letters «Ғ Ӣ Қ Ӯ Ҳ Ҷ» (U+0492 and up) after «Я». No ICU wheel installs here without the
system library, so the order is this module's own sort key, tested in
`himoya/core/tests/test_collation.py`:

- Tajik: А Б В Г Ғ Д Е Ё Ж З И Ӣ Й К Қ Л М Н О П Р С Т У Ӯ Ф Х Ҳ Ч Ҷ Ш Ъ Э Ю Я;
  the Russian letters Tajik lacks (Ц Щ Ы Ь) keep their Russian places, so one Cyrillic
  table serves both languages (Russian text has none of the Tajik letters, so for it the
  table is exactly the Russian alphabet, Ё after Е).
- English: Latin A–Z; accented letters sort with their base letter.
- Tajik and Russian names put Cyrillic before Latin; English puts Latin first.

Case, accents and punctuation only break ties; the last tie-break is the text itself,
so the order is total and the same on every run.
"""

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language

CYRILLIC = "абвгғдеёжзиӣйкқлмнопрстуӯфхҳцчҷшщъыьэюя"
LATIN = "abcdefghijklmnopqrstuvwxyz"

_DIGIT_BASE = 10
_LETTER_BASE = 100
_CYRILLIC_RANK = {letter: index for index, letter in enumerate(CYRILLIC)}
_LATIN_RANK = {letter: index for index, letter in enumerate(LATIN)}
_OTHER_BASE = _LETTER_BASE + 2 * len(CYRILLIC) + 2 * len(LATIN)

T = TypeVar("T")


def _language(language: str | None) -> str:
    return (language or get_language() or "tg").split("-")[0]


def _letter_weight(char: str, latin_first: bool) -> int | None:
    """The primary weight of one lower-case character, or None to skip it (punctuation)."""
    if char.isspace():
        return 1
    if char.isdigit():
        return _DIGIT_BASE + int(unicodedata.digit(char, 0))
    cyrillic = _CYRILLIC_RANK.get(char)
    latin = _LATIN_RANK.get(char)
    if cyrillic is None and latin is None:
        # An accented letter the tables lack (é, ü, і): sort it with its base letter.
        base = unicodedata.normalize("NFD", char)[0]
        cyrillic = _CYRILLIC_RANK.get(base)
        latin = _LATIN_RANK.get(base)
    if latin is not None:
        return _LETTER_BASE + latin + (0 if latin_first else len(CYRILLIC))
    if cyrillic is not None:
        return _LETTER_BASE + cyrillic + (len(LATIN) if latin_first else 0)
    if not char.isalpha():
        return None
    return _OTHER_BASE + ord(char)


def sort_key(text: str | None, language: str | None = None) -> tuple:
    """A key that sorts names alphabetically in `language` (None: the active language)."""
    text = unicodedata.normalize("NFC", text or "")
    latin_first = _language(language) == "en"
    folded = text.casefold()
    primary = tuple(
        weight
        for weight in (_letter_weight(char, latin_first) for char in folded)
        if weight is not None
    )
    # Ties: the letters as written without accents' removal (é after e), then lower case
    # before upper case, then the text itself.
    return (primary, folded, text.swapcase(), text)


def sorted_by_name(
    items: Iterable[T],
    key: Callable[[T], str | tuple[str, ...]] | None = None,
    language: str | None = None,
) -> list[T]:
    """`items` in alphabetical order of `key(item)`: a name, or a tuple of names compared
    in turn (default: the item's `name`, or str(item))."""
    language = _language(language)
    read = key or (lambda item: getattr(item, "name", None) or str(item))

    def item_key(item):
        value = read(item)
        if isinstance(value, tuple):
            return tuple(sort_key(part, language) for part in value)
        return sort_key(value, language)

    return sorted(items, key=item_key)


class NameOrderedChoiceIterator(ModelChoiceIterator):
    """A model choice field's options in alphabetical order of their labels."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        queryset = self.queryset
        if not queryset._prefetch_related_lookups:
            queryset = queryset.iterator()
        choices = [self.choice(obj) for obj in queryset]
        yield from sorted(choices, key=lambda choice: sort_key(str(choice[1])))


class NameOrderedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options are in alphabetical order of their labels."""

    iterator = NameOrderedChoiceIterator


class NameOrderedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose options are in alphabetical order of their labels."""

    iterator = NameOrderedChoiceIterator


def translated_sort_key(tg: str, ru: str, en: str, language: str | None = None) -> tuple:
    """The sort key of a name stored in three columns, read in `language` with the same
    fallback as TranslatedTextMixin (the language, then Tajik, Russian, English)."""
    language = _language(language)
    names = {"tg": tg, "ru": ru, "en": en}
    for code in (language, "tg", "ru", "en"):
        if names.get(code):
            return sort_key(names[code], language)
    return sort_key("", language)


NAME_COLUMNS = ("name_tg", "name_ru", "name_en")


def name_columns(prefix: str = "") -> tuple[str, str, str]:
    """The three name columns, for values_list: name_columns("organisation__")."""
    return tuple(f"{prefix}{column}" for column in NAME_COLUMNS)


def ids_by_name(queryset, prefixes: tuple[str, ...] = ("",), language: str | None = None):
    """The primary keys of `queryset` in alphabetical order of the names under `prefixes`
    (e.g. ("organisation__", "") : organisation, then service), then by key; reads only
    the keys and the name columns, so a page of a long list loads only its own rows."""
    columns = [column for prefix in prefixes for column in name_columns(prefix)]
    language = _language(language)
    rows = queryset.values_list("pk", *columns)

    def row_key(row):
        names = row[1:]
        return (
            tuple(
                translated_sort_key(*names[index : index + 3], language)
                for index in range(0, len(names), 3)
            ),
            row[0],
        )

    return [row[0] for row in sorted(set(rows), key=row_key)]
