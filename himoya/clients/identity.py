"""Client codes and the keyed blind index used for duplicate warnings.

The index lets an organisation ask "have we seen this person before?" with one indexed
equality look-up, never by decrypting and scanning every client. It is scoped to the
organisation (two organisations' indexes of the same person differ) and keyed with the
current field key, so `himoya keys rotate` recomputes it.
"""

import datetime
import re

from django.utils import timezone

from himoya.clients.models import Client, ClientCodeCounter
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


def next_client_code(organisation, year: int | None = None) -> str:
    """Take the organisation's next number for the year, under a row lock.

    Codes are unique across organisations; two organisations that share a prefix skip
    numbers the other has used. Call inside a transaction.
    """
    year = year or timezone.localdate().year
    counter, _created = ClientCodeCounter.objects.select_for_update().get_or_create(
        organisation=organisation, year=year
    )
    if _created:
        counter = ClientCodeCounter.objects.select_for_update().get(pk=counter.pk)
    prefix = code_prefix(organisation)
    while True:
        counter.last_number += 1
        code = format_code(prefix, year, counter.last_number)
        if not Client.objects.filter(code=code).exists():
            break
    counter.save(update_fields=["last_number"])
    return code


def name_index(organisation_id: int, name: str) -> str:
    """The blind index of the normalised name alone; "" without a name."""
    normal = normalise_name(name or "")
    return blind_index(f"org:{organisation_id}:name", normal) if normal else ""


def refresh_identity_index(client) -> bool:
    """Recompute the client's indexes (after an edit or a key rotation); True if changed."""
    if client.anonymised_at is not None:
        return False
    index = identity_index(client.organisation_id, client.name, client.birth_date)
    by_name = name_index(client.organisation_id, client.name)
    if index == client.identity_index and by_name == client.name_index:
        return False
    client.identity_index = index
    client.name_index = by_name
    Client.objects.filter(pk=client.pk).update(identity_index=index, name_index=by_name)
    return True
