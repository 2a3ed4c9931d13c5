"""The search indexes on clients: kept on every write, blanked on anonymisation, rebuilt
by `keys reindex` (and by `keys rotate`), and the duplicate check's new normalisation."""

import base64
import datetime
import io

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from himoya.audit.models import AuditEntry
from himoya.cases.retention import anonymise
from himoya.clients import services
from himoya.clients.models import Client
from himoya.clients.person_index import name_year_index, phone_index
from himoya.clients.search import checked_search, matching_clients
from himoya.testing import HimoyaTestCase

BIRTH = datetime.date(1990, 5, 17)
KEY_A = "A:" + base64.b64encode(b"A" * 32).decode()
KEY_B = "B:" + base64.b64encode(b"B" * 32).decode()
KEY_C = "C:" + base64.b64encode(b"C" * 32).decode()
INDEXES = ("name_year_index", "phone_index", "identity_index", "name_index")


def indexes_of(client) -> dict:
    return Client.objects.values(*INDEXES).get(pk=client.pk)


def reindex() -> str:
    out = io.StringIO()
    call_command("keys_reindex", stdout=out)
    return out.getvalue()


class SearchIndexTests(HimoyaTestCase):
    def create(self, name="Раъно Каримова", birth_date=BIRTH, phone="+992 93 123 45 67"):
        data = {"name": name, "birth_date": birth_date, "phone": phone, "age_group": "26-40"}
        return services.create_client(self.alpha, data, self.bob)

    def found(self, name="", year=None, phone="", organisation=None):
        search = checked_search(name, year, phone)
        clients = matching_clients(search, [(organisation or self.alpha).pk])
        return set(clients.values_list("code", flat=True))

    def test_a_new_client_is_indexed_by_name_and_year_and_by_phone(self):
        client = self.create()
        stored = indexes_of(client)
        self.assertEqual(
            stored["name_year_index"], name_year_index(self.alpha.pk, "Раъно Каримова", 1990)
        )
        self.assertEqual(stored["phone_index"], phone_index(self.alpha.pk, "931234567"))
        self.assertNotIn("Каримова", str(stored))
        self.assertNotIn("1234567", str(stored))
        self.assertEqual(self.found("Каримова Раъно", 1990), {client.code})
        self.assertEqual(self.found(phone="93 123 4567"), {client.code})
        self.assertEqual(self.found("Раъно Каримова", 1991), set())
        self.assertEqual(self.found("Раъно Каримова", 1990, organisation=self.beta), set())

    def test_an_edit_moves_the_indexes(self):
        client = self.create()
        updated = services.update_client(
            client,
            client.version,
            {"phone": "90 111 22 33", "birth_date": datetime.date(1991, 1, 2)},
            self.bob,
        )
        self.assertEqual(self.found(phone="+992 90 111 22 33"), {updated.code})
        self.assertEqual(self.found(phone="93 123 4567"), set())
        self.assertEqual(self.found("Раъно Каримова", 1991), {updated.code})
        self.assertEqual(self.found("Раъно Каримова", 1990), set())

    def test_a_save_of_only_the_phone_updates_its_index(self):
        client = self.create()
        client.phone = "90 111 22 33"
        client.save(update_fields=["phone"])
        self.assertEqual(indexes_of(client)["phone_index"], phone_index(self.alpha.pk, "901112233"))

    def test_a_client_without_birth_date_is_found_by_name_and_says_so(self):
        from himoya.clients.search import FoundBy, found_by

        client = self.create(birth_date=None, phone="")
        self.assertEqual(indexes_of(client)["name_year_index"], "")
        self.assertEqual(self.found("раъно каримова", 1990), {client.code})
        search = checked_search("Раъно Каримова", 1990, "")
        self.assertEqual(
            found_by(Client.objects.get(pk=client.pk), search), [FoundBy.NAME_NO_BIRTH_DATE]
        )

    def test_anonymisation_blanks_every_index(self):
        client = self.create()
        anonymise(client)
        self.assertEqual(indexes_of(client), dict.fromkeys(INDEXES, ""))
        self.assertEqual(self.found("Раъно Каримова", 1990), set())
        self.assertEqual(self.found(phone="93 123 4567"), set())

    def test_duplicate_check_sees_through_lookalikes_and_invisible_characters(self):
        """Failed before: a Latin "a" or a zero-width space made a new person of her."""
        client = self.create()
        for typed in ("Рaъно Кaримовa", "Раъ\u200bно Каримова", "PAЪHO KAPИMOBA"):
            found = services.find_possible_duplicates(self.alpha, typed, BIRTH)
            self.assertEqual([c.code for c in found], [client.code], typed)


class ReindexTests(HimoyaTestCase):
    def make_clients(self):
        first = services.create_client(
            self.alpha,
            {"name": "Сабрина Холова", "phone": "93 555 0101", "birth_date": BIRTH},
            self.bob,
        )
        second = services.create_client(self.beta, {"name": "Мадина Ализода"}, self.bob)
        return first, second

    def test_reindex_fills_indexes_rows_never_had(self):
        """Rows written before this version have no name + year or phone index."""
        first, second = self.make_clients()
        expected = {client.pk: indexes_of(client) for client in (first, second)}
        Client.objects.update(**dict.fromkeys(INDEXES, ""))
        before = AuditEntry.objects.count()
        output = reindex()
        self.assertIn("clients.Client: 2 rows re-indexed", output)
        self.assertIn("OK: 2 rows re-indexed with key test1", output)
        for client in (first, second):
            self.assertEqual(indexes_of(client), expected[client.pk])
        entry = AuditEntry.objects.order_by("-id").first()
        self.assertEqual(AuditEntry.objects.count(), before + 1)
        self.assertEqual(entry.detail, {"what": "indexes_recomputed", "key": "test1", "rows": 2})
        # Run again: nothing to do, nothing audited.
        self.assertIn("OK: 0 rows re-indexed", reindex())
        self.assertEqual(AuditEntry.objects.count(), before + 1)

    def test_rotation_recomputes_the_search_indexes_with_the_new_key(self):
        with override_settings(HIMOYA_FIELD_KEYS=KEY_A):
            first, _second = self.make_clients()
            old = indexes_of(first)
        with override_settings(HIMOYA_FIELD_KEYS=f"{KEY_B},{KEY_A}"):
            call_command("keys_rotate", stdout=io.StringIO())
            new = indexes_of(first)
            self.assertNotEqual(new["phone_index"], old["phone_index"])
            self.assertNotEqual(new["name_year_index"], old["name_year_index"])
            search = checked_search("Холова Сабрина", 1990, "")
            self.assertEqual(list(matching_clients(search, [self.alpha.pk])), [first])

    def test_a_row_under_an_unknown_key_stops_the_reindex_naming_it(self):
        with override_settings(HIMOYA_FIELD_KEYS=KEY_C):
            first, _second = self.make_clients()
        with (
            override_settings(HIMOYA_FIELD_KEYS=KEY_A),
            self.assertRaisesMessage(CommandError, f"clients.Client pk={first.pk}: "),
        ):
            reindex()

    def test_reindex_from_the_cli_parser(self):
        from himoya.cli import build_parser

        args = build_parser().parse_args(["keys", "reindex"])
        self.assertEqual(args.func.__name__, "cmd_keys_reindex")
