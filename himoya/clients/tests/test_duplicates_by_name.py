"""Duplicate warnings through the blind indexes: name with birth date, or name alone."""

import datetime

from himoya.clients.models import Client
from himoya.clients.services import create_client, find_possible_duplicates
from himoya.testing import HimoyaTestCase

BIRTH = datetime.date(1990, 5, 17)


class DuplicateByNameTests(HimoyaTestCase):
    def create(self, name, birth_date=None):
        # With a birth date, the age group follows from it.
        data = {"name": name, "birth_date": birth_date, "age_group": "unknown"}
        return create_client(self.alpha, data, self.bob)

    def codes(self, name, birth_date=None, organisation=None):
        found = find_possible_duplicates(organisation or self.alpha, name, birth_date)
        return {client.code for client in found}

    def test_name_and_birth_date_match_across_spelling_variants(self):
        client = self.create("Раъно Каримова", BIRTH)
        self.assertEqual(self.codes("раъно  КАРИМОВА", BIRTH), {client.code})

    def test_name_alone_finds_a_client_with_or_without_a_birth_date(self):
        with_date = self.create("Зарина Юсупова", BIRTH)
        without = self.create("Зарина Юсупова")
        self.assertEqual(self.codes("Зарина Юсупова"), {with_date.code, without.code})

    def test_a_known_and_different_birth_date_is_not_a_duplicate(self):
        self.create("Мавлуда Азимова", BIRTH)
        without = self.create("Мавлуда Азимова")
        other_date = datetime.date(1985, 1, 1)
        self.assertEqual(self.codes("Мавлуда Азимова", other_date), {without.code})

    def test_other_organisations_clients_are_never_matched(self):
        self.create("Гулнора Раҳимова", BIRTH)
        self.assertEqual(self.codes("Гулнора Раҳимова", BIRTH, organisation=self.beta), set())

    def test_indexes_hold_no_plain_name(self):
        client = self.create("Нигора Шарипова", BIRTH)
        stored = Client.objects.values("identity_index", "name_index").get(pk=client.pk)
        self.assertNotIn("Нигора", str(stored))
        self.assertEqual(len(stored["name_index"]), 64)


class BirthDateTests(HimoyaTestCase):
    def test_a_future_birth_date_is_refused_and_nothing_written(self):
        from django.core.exceptions import ValidationError

        before = Client.objects.count()
        with self.assertRaises(ValidationError) as refused:
            create_client(
                self.alpha, {"name": "X", "birth_date": datetime.date(2999, 1, 1)}, self.bob
            )
        self.assertIn("birth_date", refused.exception.message_dict)
        self.assertEqual(Client.objects.count(), before)
