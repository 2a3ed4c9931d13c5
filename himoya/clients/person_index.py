"""Blind indexes of person records, and the normalisation they share.

An index is a keyed hash (core.crypto.blind_index) of a normalised value, scoped to one
organisation. It lets Himoya find a returning person with one indexed equality look-up:
nothing is decrypted, nothing is searched by substring, and two organisations' indexes
of the same person differ. "Exact" forgives how a value was typed:

- names: case and accents (ӣ and и match), punctuation and the glottal stop (ъ, ’),
  spaces, zero-width and other invisible format characters, and Latin letters that look
  like Cyrillic ones (a Latin "a", "o" or "H" typed on the wrong keyboard layout);
- phones: digits only, and Tajikistan's numbers match whatever the prefix:
  "+992 93 123 45 67", "00992931234567", "992931234567", "93 123 4567", "8 93 123 4567".

The name + birth year index is built once for every kind of person record: a model
inherits PersonIndexed, says where its values are (person_key) and gets the indexes
computed on every save and by `himoya keys reindex`. The legal-aid conflict check
compares parties with `name_year_index` too, so a client and an opposing party of the
same organisation match.

Changing the normalisation changes every stored index: run `himoya keys reindex`.
"""

import itertools
import unicodedata
from dataclasses import dataclass

from django.db import models

from himoya.core.crypto import blind_index, normalise_name

# Latin letters that are drawn like Cyrillic ones, folded to the Cyrillic letter, in
# both cases: "Hаргис" with a Latin H matches "Наргис". Folded before case folding (a
# Latin "H" lowers to "h", which no longer looks like "н") and after it (casefold can
# make Latin letters of other characters). Both sides of every comparison are folded,
# so a name written wholly in Latin letters still matches itself.
_LOOKALIKES = str.maketrans(
    "ABCEHIJKMOPSTXYaceijopsxy",
    "АВСЕНІЈКМОРЅТХУасеіјорѕху",
)
# Search tries the words of a name in every order up to this many words (24 orders).
MAX_PERMUTED_WORDS = 4
# Fewer digits than this is not a whole phone number: not indexed, not searched.
PHONE_MIN_DIGITS = 7
# Tajikistan: country code and the nine digits of a national number.
COUNTRY_CODE = "992"
NATIONAL_DIGITS = 9


def name_words(name: str) -> list[str]:
    """The normalised words of a name (see the module's docstring for what is forgiven)."""
    text = unicodedata.normalize("NFKD", name or "").translate(_LOOKALIKES)
    # normalise_name folds case, accents and punctuation and drops what is neither a
    # letter, a digit nor a space: zero-width spaces, joiners and bidi marks go too.
    return normalise_name(text).translate(_LOOKALIKES).split()


def normalise_person_name(name: str) -> str:
    """The form a name is indexed in: its normalised words run together, so spacing
    never matters ("Гул Ноза" and "Гулноза" match); "" when nothing is left."""
    return "".join(name_words(name))


def name_orders(name: str) -> set[str]:
    """The normalised name with its words in every order (a search's candidates):
    "Каримова Раъно" finds "Раъно Каримова". Beyond MAX_PERMUTED_WORDS words, as typed."""
    words = name_words(name)
    if not words:
        return set()
    if len(words) > MAX_PERMUTED_WORDS:
        return {"".join(words)}
    return {"".join(order) for order in itertools.permutations(words)}


def normalise_phone(phone: str) -> str:
    """Digits only, a Tajik number as 992 and its nine national digits; "" when the
    number is too short to be one (PHONE_MIN_DIGITS)."""
    digits = "".join(str(unicodedata.decimal(ch)) for ch in phone or "" if ch.isdecimal())
    national = None
    if len(digits) == NATIONAL_DIGITS:
        national = digits
    elif len(digits) == NATIONAL_DIGITS + 1 and digits[0] in "08":
        national = digits[1:]  # a domestic trunk prefix: 8 93 123 4567
    elif digits.startswith(COUNTRY_CODE) and len(digits) == NATIONAL_DIGITS + 3:
        national = digits[3:]
    elif digits.startswith("00" + COUNTRY_CODE) and len(digits) == NATIONAL_DIGITS + 5:
        national = digits[5:]
    elif digits.startswith("810" + COUNTRY_CODE) and len(digits) == NATIONAL_DIGITS + 6:
        national = digits[6:]  # the old CIS international prefix, 8-10
    if national is not None:
        return COUNTRY_CODE + national
    if digits.startswith("00"):
        digits = digits[2:]  # another country's number dialled internationally
    return digits if len(digits) >= PHONE_MIN_DIGITS else ""


def _scope(organisation_id, kind: str) -> str:
    return f"org:{organisation_id}:{kind}"


def name_year_index(organisation_id, name: str, birth_year: int | None) -> str:
    """The blind index of a person's name and birth year; "" without either.

    The one implementation for every person record (clients, and the parties of the
    legal-aid conflict check): the same person in the same organisation gets the same
    value whichever model holds them.
    """
    normal = normalise_person_name(name)
    if not normal or not birth_year:
        return ""
    return blind_index(_scope(organisation_id, "name-year"), normal, str(int(birth_year)))


def name_year_candidates(organisation_id, name: str, birth_year: int | None) -> set[str]:
    """name_year_index of the name with its words in every order (for a search)."""
    if not birth_year:
        return set()
    scope = _scope(organisation_id, "name-year")
    return {blind_index(scope, normal, str(int(birth_year))) for normal in name_orders(name)}


def phone_index(organisation_id, phone: str) -> str:
    """The blind index of a normalised phone number; "" without a whole number."""
    normal = normalise_phone(phone)
    return blind_index(_scope(organisation_id, "phone"), normal) if normal else ""


def name_index(organisation_id, name: str) -> str:
    """The blind index of the normalised name alone; "" without a name."""
    normal = normalise_person_name(name)
    return blind_index(_scope(organisation_id, "name"), normal) if normal else ""


def name_candidates(organisation_id, name: str) -> set[str]:
    """name_index of the name with its words in every order (for a search)."""
    scope = _scope(organisation_id, "name")
    return {blind_index(scope, normal) for normal in name_orders(name)}


def identity_index(organisation_id, name: str, birth_date) -> str:
    """The blind index of a name and full birth date (duplicate warnings at intake); ""
    without a name. A name alone is indexed under another scope, so it never matches a
    name-and-date entry by accident."""
    normal = normalise_person_name(name)
    if not normal:
        return ""
    if birth_date:
        return blind_index(f"org:{organisation_id}", normal, birth_date.isoformat())
    return blind_index(_scope(organisation_id, "name-only"), normal)


@dataclass(frozen=True)
class PersonKey:
    """What a person record's indexes are computed from."""

    organisation_id: int | None
    name: str = ""
    birth_year: int | None = None
    phone: str = ""


class PersonIndexed(models.Model):
    """Abstract base of a person record found by name + birth year, or by phone.

    A subclass implements person_key() and lists in PERSON_INDEX_SOURCES the fields it
    reads; it declares in its own Meta an index on (organisation, name_year_index) and
    (organisation, phone_index). The indexes are recomputed on every save that may
    change them, and by `himoya keys reindex` (which finds every subclass).
    """

    name_year_index = models.CharField(max_length=64, blank=True, editable=False)
    phone_index = models.CharField(max_length=64, blank=True, editable=False)

    # The model fields person_key() reads.
    PERSON_INDEX_SOURCES: tuple[str, ...] = ()
    # The index columns blind_indexes() fills.
    PERSON_INDEXES: tuple[str, ...] = ("name_year_index", "phone_index")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Save with the indexes recomputed, unless update_fields leaves their sources out."""
        update_fields = kwargs.get("update_fields")
        sources = {*self.PERSON_INDEX_SOURCES}
        sources |= {f"{name}_id" for name in self.PERSON_INDEX_SOURCES}
        if update_fields is None or sources & set(update_fields):
            values = self.blind_indexes()
            for field_name, value in values.items():
                setattr(self, field_name, value)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *values}
        super().save(*args, **kwargs)

    def person_key(self) -> PersonKey:
        raise NotImplementedError(f"{type(self).__name__} must say where its person data is")

    def blind_indexes(self) -> dict[str, str]:
        """Every index column of this record, computed from its current values."""
        key = self.person_key()
        return {
            "name_year_index": name_year_index(key.organisation_id, key.name, key.birth_year),
            "phone_index": phone_index(key.organisation_id, key.phone),
        }


def refresh_person_indexes(record: PersonIndexed) -> bool:
    """Recompute the record's indexes and store those that differ; True if any did."""
    values = record.blind_indexes()
    stale = {name: value for name, value in values.items() if getattr(record, name) != value}
    if not stale:
        return False
    for name, value in stale.items():
        setattr(record, name, value)
    type(record)._base_manager.filter(pk=record.pk).update(**stale)
    return True
