"""The normalisation behind the blind indexes: names and phones typed differently match,
different ones do not, and the name + birth year index is one function for any record."""

import datetime

import pytest

from himoya.clients.person_index import (
    name_orders,
    name_year_candidates,
    name_year_index,
    normalise_person_name,
    normalise_phone,
    phone_index,
)

SAME_NAME = [
    "Наргис Раҳимова",
    "НАРГИС  РАҲИМОВА",
    " наргис раҳимова ",
    "Наргис\u00a0Раҳимова",  # no-break space
    "НаргисРаҳимова",  # the space left out
    "Hаргис Paҳимова",  # Latin H, P and a typed on the wrong layout
    "Наргиc Рaҳимовa",  # Latin c and a
    "Нар\u200bгис Раҳимова",  # zero-width space
    "Наргис\u200d Раҳимова\u2060",  # zero-width joiner, word joiner
    "\ufeffНаргис Раҳимова",  # byte-order mark
    "\u202eНаргис Раҳимова\u202c",  # bidirectional override and pop
    "Нар\u00adгис Раҳимова",  # soft hyphen
    "\uff28аргис Раҳимова",  # a full-width Latin H
]


@pytest.mark.parametrize("typed", SAME_NAME)
def test_a_name_typed_differently_normalises_the_same(typed):
    assert normalise_person_name(typed) == normalise_person_name("Наргис Раҳимова")


def test_latin_lookalikes_fold_in_both_cases():
    cyrillic = "АВСЕНІЈКМОРЅТХУасеіјорѕху"
    latin = "ABCEHIJKMOPSTXYaceijopsxy"
    assert normalise_person_name(latin) == normalise_person_name(cyrillic)
    # Upper-case look-alikes are folded before case folding: "H" is "Н", not "h".
    assert normalise_person_name("HOMA") == normalise_person_name("нома")


def test_different_names_stay_different():
    assert normalise_person_name("Zuhro") != normalise_person_name("Zuhra")
    assert normalise_person_name("Раъно Каримова") != normalise_person_name("Рано Каримов")
    assert normalise_person_name("Ҳусейн") != normalise_person_name("Хусейн")
    assert normalise_person_name("") == normalise_person_name("\u200b !") == ""


def test_a_search_tries_the_words_in_every_order():
    stored = normalise_person_name("Раъно Каримова")
    assert stored in name_orders("Каримова Раъно")
    assert stored in name_orders("каримова  РАЪНО")
    three = name_orders("Каримова Раъно Алиевна")
    assert len(three) == 6
    assert normalise_person_name("Раъно Алиевна Каримова") in three
    assert len(name_orders("a b c d e f")) == 1  # beyond four words: as typed


TAJIK_NUMBER = "992931234567"


@pytest.mark.parametrize(
    "typed",
    [
        "+992 93 123 45 67",
        "992931234567",
        "+992931234567",
        "00992 93 123 45 67",
        "810 992 93 123 45 67",
        "93 123 4567",
        "931234567",
        "(93) 123-45-67",
        "+992 (93) 123-45-67",
        "8 93 123 45 67",
        "0 93 123 45 67",
        "93\u200b123\u200b45\u200b67",  # zero-width spaces
        "\uff19\uff13\uff11\uff12\uff13\uff14\uff15\uff16\uff17",  # full-width digits
        "٩٣١٢٣٤٥٦٧",  # Arabic-Indic digits
    ],
)
def test_tajik_number_in_any_form_normalises_to_one(typed):
    assert normalise_phone(typed) == TAJIK_NUMBER


def test_other_numbers():
    assert normalise_phone("93 123 4568") != TAJIK_NUMBER
    assert normalise_phone("+7 912 345 67 89") == normalise_phone("007 912 345 67 89")
    assert normalise_phone("+7 912 345 67 89") == "79123456789"
    # Too short to be a whole number: not indexed, never matched.
    assert normalise_phone("123 45") == ""
    assert normalise_phone("") == ""
    assert phone_index(1, "12") == ""


def test_phone_index_is_scoped_and_keyed():
    assert phone_index(1, "+992 93 123 45 67") == phone_index(1, "93 123 4567")
    assert phone_index(1, "93 123 4567") != phone_index(2, "93 123 4567")
    assert len(phone_index(1, "93 123 4567")) == 64
    assert TAJIK_NUMBER not in phone_index(1, "93 123 4567")


def test_name_year_index_is_one_function_for_any_person_record():
    """The legal-aid conflict check computes the same value for a party it records."""
    value = name_year_index(7, "Раъно Каримова", 1990)
    assert value == name_year_index(7, "раъно  KAPИMOBA", 1990)  # with Latin look-alikes
    assert value in name_year_candidates(7, "Каримова Раъно", 1990)
    assert value != name_year_index(7, "Раъно Каримова", 1991)
    assert value != name_year_index(8, "Раъно Каримова", 1990)
    assert name_year_index(7, "Раъно Каримова", None) == ""
    assert name_year_index(7, "", 1990) == ""
    assert name_year_candidates(7, "Раъно Каримова", None) == set()


def test_identity_index_keeps_its_full_date():
    from himoya.clients.person_index import identity_index

    birth = datetime.date(1990, 5, 17)
    assert identity_index(1, "Раъно Каримова", birth) == identity_index(1, "PAЪHO KAPИMOBA", birth)
    assert identity_index(1, "Раъно Каримова", birth) != identity_index(
        1, "Раъно Каримова", datetime.date(1990, 5, 18)
    )
