"""Field encryption: round trips, unknown keys and tampering fail loudly, context binding,
key rings, blind indexes and the encrypted model fields."""

import base64
import datetime

import pytest
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.test import override_settings

from himoya.core import crypto
from himoya.directory.tests.factories import OrganisationFactory

KEY_A = "A:" + base64.b64encode(b"a" * 32).decode()
KEY_B = "B:" + base64.b64encode(b"b" * 32).decode()


@override_settings(HIMOYA_FIELD_KEYS=KEY_A)
def test_round_trip_keeps_the_text_and_hides_it():
    text = "Гулнора Раҳимова, +992 93 555 1234"
    stored = crypto.encrypt(text, "clients.client.name")
    assert text not in stored and "Гулнора" not in stored
    assert stored.startswith("hmy1:A:")
    assert crypto.decrypt(stored, "clients.client.name") == text


@override_settings(HIMOYA_FIELD_KEYS=KEY_A)
def test_same_text_encrypts_differently_each_time():
    assert crypto.encrypt("same", "c") != crypto.encrypt("same", "c")


def test_value_under_an_unknown_key_raises_never_garbage():
    with override_settings(HIMOYA_FIELD_KEYS=KEY_A):
        stored = crypto.encrypt("secret", "c")
    with (
        override_settings(HIMOYA_FIELD_KEYS=KEY_B),
        pytest.raises(crypto.DecryptionError, match="'A'"),
    ):
        crypto.decrypt(stored, "c")


def test_same_key_id_with_other_material_fails_authentication():
    with override_settings(HIMOYA_FIELD_KEYS=KEY_A):
        stored = crypto.encrypt("secret", "c")
    impostor = "A:" + base64.b64encode(b"z" * 32).decode()
    with (
        override_settings(HIMOYA_FIELD_KEYS=impostor),
        pytest.raises(crypto.DecryptionError, match="authentication"),
    ):
        crypto.decrypt(stored, "c")


@override_settings(HIMOYA_FIELD_KEYS=KEY_A)
@pytest.mark.parametrize("position", [8, 20, -3, -1])
def test_tampered_value_raises(position):
    stored = crypto.encrypt("the safety plan", "cases.safetyplan.plan")
    prefix, key_id, body = stored.split(":", 2)
    blob = bytearray(base64.b64decode(body))
    blob[position] ^= 0x01
    tampered = f"{prefix}:{key_id}:{base64.b64encode(bytes(blob)).decode()}"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(tampered, "cases.safetyplan.plan")


@override_settings(HIMOYA_FIELD_KEYS=KEY_A)
@pytest.mark.parametrize(
    "stored",
    ["plain text", "hmy1:A", "hmy1::AAAA", "hmy1:A:not base64!", "hmy1:A:AAAA", "hmy2:A:AAAA"],
)
def test_malformed_stored_values_raise(stored):
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(stored, "c")


@override_settings(HIMOYA_FIELD_KEYS=KEY_A)
def test_value_copied_into_another_column_does_not_decrypt():
    stored = crypto.encrypt("+992 93 555 1234", "clients.client.phone")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(stored, "clients.client.name")


def test_first_key_encrypts_and_every_key_decrypts():
    with override_settings(HIMOYA_FIELD_KEYS=KEY_A):
        old = crypto.encrypt("old", "c")
    with override_settings(HIMOYA_FIELD_KEYS=f"{KEY_B},{KEY_A}"):
        new = crypto.encrypt("new", "c")
        assert crypto.key_id_of(new) == "B"
        assert crypto.current_key_id() == "B"
        assert crypto.decrypt(old, "c") == "old"
        assert crypto.decrypt(new, "c") == "new"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        " , ",
        "no-separator",
        "A:not base64!",
        "A:" + base64.b64encode(b"short").decode(),
        "bad id:" + base64.b64encode(b"a" * 32).decode(),
        "Ключ:" + base64.b64encode(b"a" * 32).decode(),
        f"{KEY_A},{KEY_A}",
    ],
)
def test_malformed_key_rings_are_refused_naming_the_variable(raw):
    with pytest.raises(ImproperlyConfigured, match="HIMOYA_FIELD_KEYS") as caught:
        crypto.check_key_ring(raw)
    assert base64.b64encode(b"a" * 32).decode() not in str(caught.value)


def test_generated_key_entries_are_valid():
    entry = crypto.generate_key_entry("k2026")
    crypto.check_key_ring(entry)
    assert entry.startswith("k2026:")


def test_normalise_name_folds_case_spacing_and_marks():
    assert crypto.normalise_name("  Ра’но   КАРИМОВА ") == crypto.normalise_name("ра’но каримова")
    assert crypto.normalise_name("Ра’но Каримова") == "рано каримова"
    assert crypto.normalise_name("Zuhro") != crypto.normalise_name("Zuhra")


def test_blind_index_is_keyed_scoped_and_stable():
    with override_settings(HIMOYA_FIELD_KEYS=KEY_A):
        one = crypto.blind_index("org:1", "рано", "1990-01-02")
        assert one == crypto.blind_index("org:1", "рано", "1990-01-02")
        assert one != crypto.blind_index("org:2", "рано", "1990-01-02")
        # Parts are separated: ("ab", "c") and ("a", "bc") do not collide.
        assert crypto.blind_index("s", "ab", "c") != crypto.blind_index("s", "a", "bc")
    with override_settings(HIMOYA_FIELD_KEYS=KEY_B):
        assert crypto.blind_index("org:1", "рано", "1990-01-02") != one


@pytest.mark.django_db
def test_model_fields_store_ciphertext_and_read_back_python_values():
    from django.db import connection

    from himoya.clients.models import Client
    from himoya.directory.models import OrganisationKind

    organisation = OrganisationFactory(
        slug="crypto-org", kind=OrganisationKind.CRISIS_CENTRE, district__slug="sino"
    )
    client = Client.objects.create(
        organisation=organisation,
        code="CO-2026-000001",
        name="Мавзуна Зиёева",
        birth_date=datetime.date(1991, 4, 5),
        safe_contact={"may_call": False, "code_word": "anor"},
    )
    client.refresh_from_db()
    assert client.name == "Мавзуна Зиёева"
    assert client.birth_date == datetime.date(1991, 4, 5)
    assert client.safe_contact == {"may_call": False, "code_word": "anor"}
    assert client.phone == ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, birth_date, safe_contact, phone FROM clients_client WHERE id = %s",
            [client.pk],
        )
        name, birth_date, safe_contact, phone = cursor.fetchone()
    assert name.startswith("hmy1:") and "Мавзуна" not in name
    assert birth_date.startswith("hmy1:") and "1991" not in birth_date
    assert "anor" not in safe_contact
    assert phone == ""


@pytest.mark.django_db
def test_encrypted_columns_refuse_sql_searches_but_allow_blank_checks():
    from himoya.clients.models import Client

    assert list(Client.objects.filter(name="")) == []
    assert list(Client.objects.filter(birth_date__isnull=True)) == []
    with pytest.raises(FieldError, match="encrypted"):
        list(Client.objects.filter(name="Мавзуна"))
    with pytest.raises(FieldError):
        list(Client.objects.filter(name__icontains="Мав"))
