"""Finding a returning client by name and birth year, or by phone, through the blind
indexes only (himoya.clients.person_index): nothing is decrypted, nothing is matched by
substring. Which cases of the matching clients a user may see is for himoya.cases.

A name is matched with its words in any order ("Каримова Раъно" finds "Раъно
Каримова"); a client whose birth date was never recorded is matched by name alone,
and the answer says so.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from himoya.clients.models import Client
from himoya.clients.person_index import (
    PHONE_MIN_DIGITS,
    name_candidates,
    name_words,
    name_year_candidates,
    normalise_phone,
    phone_index,
)
from himoya.core.crypto import blind_index

NAME_MAX = 200
PHONE_MAX = 40
EARLIEST_BIRTH_YEAR = 1900


class FoundBy:
    """How a client matched (stable keys for the API and the audit log)."""

    NAME_YEAR = "name_birth_year"
    NAME_NO_BIRTH_DATE = "name_no_birth_date"
    PHONE = "phone"


@dataclass(frozen=True)
class ClientSearch:
    """Checked search terms: name and birth year, phone, or both."""

    name: str = ""
    birth_year: int | None = None
    phone: str = ""

    @property
    def kinds(self) -> list[str]:
        """What is searched by, as audit keys."""
        given = ((FoundBy.NAME_YEAR, self.name), (FoundBy.PHONE, self.phone))
        return [kind for kind, value in given if value]

    def fingerprint(self, organisation_id) -> str:
        """A short keyed fingerprint of the terms for the audit log: the same terms give
        the same fingerprint while the key is in use. It holds neither the name nor the
        phone, and is not a prefix of any stored index either."""
        # The smallest of the name's candidates: the order of the words does not matter.
        name_years = name_year_candidates(organisation_id, self.name, self.birth_year)
        parts = (
            min(name_years) if name_years else "",
            phone_index(organisation_id, self.phone) if self.phone else "",
        )
        return blind_index(f"org:{organisation_id}:search-audit", *parts)[:16]


def checked_search(name: str = "", birth_year: int | None = None, phone: str = "") -> ClientSearch:
    """The terms if they can be searched; else ValidationError naming the fields.

    A name needs its birth year (a name alone is too loose to list), a birth year its
    name; a phone must hold a whole number.
    """
    name = (name or "").strip()
    phone = (phone or "").strip()
    errors: dict[str, list[str]] = {}
    if len(name) > NAME_MAX:
        errors["name"] = [_("Type at most %(limit)s characters.") % {"limit": NAME_MAX}]
    elif name and not name_words(name):
        errors["name"] = [_("Type the name with its letters.")]
    if (
        birth_year is not None
        and not EARLIEST_BIRTH_YEAR <= birth_year <= timezone.localdate().year
    ):
        errors["birth_year"] = [
            _("Type a birth year from %(first)s to %(last)s.")
            % {"first": EARLIEST_BIRTH_YEAR, "last": timezone.localdate().year}
        ]
    elif name and birth_year is None:
        errors["birth_year"] = [_("Type the birth year with the name.")]
    elif birth_year is not None and not name:
        errors["name"] = [_("Type the name with the birth year.")]
    if len(phone) > PHONE_MAX:
        errors["phone"] = [_("Type at most %(limit)s characters.") % {"limit": PHONE_MAX}]
    elif phone and not normalise_phone(phone):
        errors["phone"] = [
            _("Type the whole phone number, at least %(digits)s digits.")
            % {"digits": PHONE_MIN_DIGITS}
        ]
    if errors:
        raise ValidationError(errors)
    if not name and not phone:
        raise ValidationError(_("Type a name and birth year, or a phone number."))
    return ClientSearch(name=name, birth_year=birth_year, phone=phone)


@dataclass(frozen=True)
class _OrganisationTerms:
    name_years: frozenset[str]
    names: frozenset[str]
    phone: str


def _terms(search: ClientSearch, organisation_id) -> _OrganisationTerms:
    has_name = bool(search.name)
    return _OrganisationTerms(
        name_years=frozenset(
            name_year_candidates(organisation_id, search.name, search.birth_year)
            if has_name
            else ()
        ),
        names=frozenset(name_candidates(organisation_id, search.name) if has_name else ()),
        phone=phone_index(organisation_id, search.phone) if search.phone else "",
    )


def matching_clients(search: ClientSearch, organisation_ids):
    """The clients of these organisations that match, by index equality only."""
    match = Q(pk__in=[])
    for organisation_id in organisation_ids:
        terms = _terms(search, organisation_id)
        found = Q(pk__in=[])
        if terms.name_years:
            found |= Q(name_year_index__in=terms.name_years)
            # Same name, birth date never recorded (the name is indexed, the year not).
            found |= Q(name_index__in=terms.names, name_year_index="")
        if terms.phone:
            found |= Q(phone_index=terms.phone)
        match |= Q(organisation_id=organisation_id) & found
    return Client.objects.filter(match)


def found_by(client, search: ClientSearch) -> list[str]:
    """How `client` (with its index columns loaded) matched the search (FoundBy keys)."""
    terms = _terms(search, client.organisation_id)
    reasons = []
    if client.name_year_index and client.name_year_index in terms.name_years:
        reasons.append(FoundBy.NAME_YEAR)
    elif not client.name_year_index and client.name_index and client.name_index in terms.names:
        reasons.append(FoundBy.NAME_NO_BIRTH_DATE)
    if terms.phone and client.phone_index == terms.phone:
        reasons.append(FoundBy.PHONE)
    return reasons
