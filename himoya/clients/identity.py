"""Client codes and the keyed blind indexes used for duplicate warnings.

The indexes let an organisation ask "have we seen this person before?" with one indexed
equality look-up, never by decrypting and scanning every client. They are scoped to the
organisation (two organisations' indexes of the same person differ) and keyed with the
current field key, so `himoya keys rotate` recomputes them. They are computed in
himoya.clients.person_index, with the search indexes.
"""


from django.utils import timezone

from himoya.clients.models import Client, ClientCodeCounter
from himoya.clients.person_index import identity_index, name_index, refresh_person_indexes

__all__ = [
    "code_prefix",
    "format_code",
    "identity_index",
    "name_index",
    "next_client_code",
    "refresh_identity_index",
]


def code_prefix(organisation) -> str:
    """The organisation's chosen prefix, else the initials of its English name
    (Korvoni Umed -> KU): the directory owns the rule."""
    return organisation.client_code_prefix


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


def refresh_identity_index(client) -> bool:
    """Recompute the client's indexes (after a key rotation or a normalisation change);
    True if any changed. Saves recompute them by themselves (PersonIndexed)."""
    return refresh_person_indexes(client)
