"""`keys_rotate`: re-encrypts every row with the first key, idempotent, loud on unknown keys."""

import base64
import io

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from himoya.cases.models import Note
from himoya.cases.tests.factories import CaseFactory
from himoya.clients import services
from himoya.clients.consent import give_consent, withdraw_consent
from himoya.clients.models import Client, Consent, ConsentKind, ConsentMethod
from himoya.core import crypto
from himoya.testing import HimoyaTestCase

KEY_A = "A:" + base64.b64encode(b"A" * 32).decode()
KEY_B = "B:" + base64.b64encode(b"B" * 32).decode()
KEY_C = "C:" + base64.b64encode(b"C" * 32).decode()


def raw_values(table: str, column: str) -> list[str]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote(column)} FROM {quote(table)}")  # noqa: S608
        return [value for (value,) in cursor.fetchall() if value]


def rotate() -> str:
    out = io.StringIO()
    call_command("keys_rotate", stdout=out)
    return out.getvalue()


class KeyRotationTests(HimoyaTestCase):
    def make_data(self):
        client = services.create_client(
            self.alpha,
            {
                "name": "Сабрина Холова",
                "phone": "+992 90 111 22 33",
                "safe_contact": {"code_word": "зардолу"},
            },
            self.bob,
        )
        case = CaseFactory(organisation=self.alpha, caseworker=self.bob, client=client)
        Note.objects.create(case=case, author=self.bob, text="Ahmad threatened her again")
        give_consent(client, ConsentKind.SERVICES, ConsentMethod.VERBAL, self.bob)
        return client

    def test_rotation_round_trip_from_a_to_b(self):
        with override_settings(HIMOYA_FIELD_KEYS=KEY_A):
            client = self.make_data()
            old_index = Client.objects.get(pk=client.pk).identity_index
        self.assertTrue(all(v.startswith("hmy1:A:") for v in raw_values("clients_client", "name")))
        with override_settings(HIMOYA_FIELD_KEYS=f"{KEY_B},{KEY_A}"):
            output = rotate()
            self.assertIn("with key B", output)
            self.assertIn("cases.Note: 1 values re-encrypted", output)
        with override_settings(HIMOYA_FIELD_KEYS=KEY_B):
            client = Client.objects.get(pk=client.pk)
            self.assertEqual(client.name, "Сабрина Холова")
            self.assertEqual(client.safe_contact, {"code_word": "зардолу"})
            self.assertEqual(Note.objects.get().text, "Ahmad threatened her again")
            # The blind index follows the new key, so duplicates are still found.
            self.assertNotEqual(client.identity_index, old_index)
            self.assertEqual(
                list(services.find_possible_duplicates(self.alpha, "сабрина холова")), [client]
            )
        for table, column in [
            ("clients_client", "name"),
            ("clients_client", "phone"),
            ("clients_client", "safe_contact"),
            ("cases_note", "text"),
        ]:
            values = raw_values(table, column)
            self.assertTrue(values)
            self.assertTrue(all(crypto.key_id_of(v) == "B" for v in values), (table, column))

    def test_rotation_is_idempotent(self):
        with override_settings(HIMOYA_FIELD_KEYS=KEY_A):
            self.make_data()
        with override_settings(HIMOYA_FIELD_KEYS=f"{KEY_B},{KEY_A}"):
            rotate()
            before = raw_values("clients_client", "name")
            second = rotate()
            self.assertIn("OK: 0 values", second)
            self.assertIn("0 duplicate-warning indexes recomputed", second)
            self.assertEqual(raw_values("clients_client", "name"), before)

    def test_unknown_key_stops_loudly_naming_model_row_and_key(self):
        with override_settings(HIMOYA_FIELD_KEYS=KEY_C):
            client = self.make_data()
            note = Note.objects.only("pk").get()
        with (
            override_settings(HIMOYA_FIELD_KEYS=f"{KEY_B},{KEY_A}"),
            self.assertRaises(CommandError) as caught,
        ):
            rotate()
        message = str(caught.exception)
        self.assertIn("'C'", message)
        self.assertTrue(
            f"clients.Client pk={client.pk}" in message
            or f"cases.Note pk={note.pk}" in message
            or "clients.Consent" in message,
            message,
        )
        # Nothing under the unknown key was touched: with key C everything still reads.
        with override_settings(HIMOYA_FIELD_KEYS=KEY_C):
            self.assertEqual(Client.objects.get(pk=client.pk).name, "Сабрина Холова")

    def test_tampered_row_stops_the_rotation(self):
        with override_settings(HIMOYA_FIELD_KEYS=KEY_A):
            client = self.make_data()
        stored = raw_values("clients_client", "phone")[0]
        forged = stored[:-6] + ("AAAA==" if not stored.endswith("AAAA==") else "BBBB==")
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE clients_client SET phone = %s WHERE id = %s", [forged, client.pk]
            )
        with (
            override_settings(HIMOYA_FIELD_KEYS=f"{KEY_B},{KEY_A}"),
            self.assertRaisesMessage(CommandError, f"clients.Client pk={client.pk} field phone"),
        ):
            rotate()

    def test_consent_fields_are_rotated_too(self):
        with override_settings(HIMOYA_FIELD_KEYS=KEY_A):
            client = self.make_data()
            consent = Consent.objects.get(client=client)
            withdraw_consent(consent, self.bob, "asked to stop")
        with override_settings(HIMOYA_FIELD_KEYS=f"{KEY_B},{KEY_A}"):
            rotate()
        with override_settings(HIMOYA_FIELD_KEYS=KEY_B):
            self.assertEqual(Consent.objects.get(pk=consent.pk).withdrawal_note, "asked to stop")

    def test_attachment_files_are_resealed_with_the_new_key(self):
        import tempfile

        from himoya.cases import attachment_files as attachments
        from himoya.cases.models import Attachment

        pdf = b"%PDF-1.4 survivor statement"
        with (
            tempfile.TemporaryDirectory() as directory,
            override_settings(HIMOYA_ATTACHMENT_DIR=directory),
        ):
            with override_settings(HIMOYA_FIELD_KEYS=KEY_A):
                case = CaseFactory(organisation=self.alpha, caseworker=self.bob)
                storage_name, digest = attachments.store(pdf)
                Attachment.objects.create(
                    case=case,
                    uploaded_by=self.bob,
                    filename="statement.pdf",
                    content_type="application/pdf",
                    size=len(pdf),
                    storage_name=storage_name,
                    sha256=digest,
                )
            with override_settings(HIMOYA_FIELD_KEYS=f"{KEY_B},{KEY_A}"):
                self.assertIn("1 files re-encrypted", rotate())
                self.assertIn("0 files re-encrypted", rotate())
            with override_settings(HIMOYA_FIELD_KEYS=KEY_B):
                self.assertEqual(attachments.load(storage_name), pdf)
                blob = attachments.path_of(storage_name).read_bytes()
                self.assertEqual(crypto.key_id_of_bytes(blob), "B")
