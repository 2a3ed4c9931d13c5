"""Client codes and the keyed blind index used for duplicate warnings.

The index lets an organisation ask "have we seen this person before?" with one indexed
equality look-up, never by decrypting and scanning every client. It is scoped to the
organisation (two organisations' indexes of the same person differ) and keyed with the
current field key, so `himoya keys rotate` recomputes it.
"""

import datetime
import re

from himoya.core.crypto import blind_index, normalise_name


def identity_index(organisation_id: int, name: str, birth_date: datetime.date | None) -> str:
    """The blind index of a client's normalised name and birth date; "" without a name.

    Name and birth date together are the strong key; a name alone is indexed under a
    different scope, so it never matches a name-and-date entry by accident.
    """
    normal = normalise_name(name or "")
    if not normal:
        return ""
    if birth_date:
        return blind_index(f"org:{organisation_id}", normal, birth_date.isoformat())
    return blind_index(f"org:{organisation_id}:name-only", normal)


def code_prefix(organisation) -> str:
    """The organisation's chosen prefix, else the initials of its English name
    (Korvoni Umed -> KU)."""
    chosen = re.sub(r"[^A-Za-z]", "", organisation.code_prefix or "").upper()
    if chosen:
        return chosen[:6]
    words = re.findall(r"[A-Za-z]+", organisation.name_en or "")
    capitalised = [word for word in words if word[0].isupper()] or words
    if len(capitalised) == 1:
        return capitalised[0][:2].upper()
    initials = "".join(word[0] for word in capitalised).upper()[:6]
    return initials or "HM"


def format_code(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:06d}"
