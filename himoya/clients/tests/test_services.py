"""Client services: codes, blind-index duplicates, versioned edits, consent rules."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from himoya.audit.models import AuditAction, AuditEntry
from himoya.clients import services
from himoya.clients.consent import give_consent, has_consent, withdraw_consent
from himoya.clients.identity import code_prefix
from himoya.clients.models import (
    AgeGroup,
    Client,
    Consent,
    ConsentKind,
    ConsentMethod,
    age_group_on,
)
from himoya.clients.tests.factories import ClientFactory
from himoya.core.versioning import StaleEditError
from himoya.directory.models import OrganisationKind, Sector
from himoya.directory.tests.factories import OrganisationFactory
from himoya.testing import HimoyaTestCase

BIRTH = datetime.date(1994, 3, 8)


class ClientCodeTests(HimoyaTestCase):
    def test_prefix_comes_from_the_chosen_prefix_or_the_english_initials(self):
        umed = OrganisationFactory(
            slug="korvoni-umed", kind=OrganisationKind.CRISIS_CENTRE, district__slug="sino"
        )
        umed.name_en = "Korvoni Umed"
        self.assertEqual(code_prefix(umed), "KU")
        umed.code_prefix = "ku"
        self.assertEqual(code_prefix(umed), "KU")
        umed.code_prefix, umed.name_en = "", "Alpha"
        self.assertEqual(code_prefix(umed), "AL")

    def test_codes_count_up_per_organisation_and_year(self):
        self.alpha.code_prefix = "KU"
        self.alpha.save()
        year = datetime.date.today().year
        first = services.create_client(self.alpha, {"name": "Раъно"}, self.bob)
        second = services.create_client(self.alpha, {}, self.bob)
        self.assertEqual(first.code, f"KU-{year}-000001")
        self.assertEqual(second.code, f"KU-{year}-000002")

    def test_organisations_sharing_a_prefix_never_share_a_code(self):
        self.alpha.code_prefix = "KU"
        self.alpha.save()
        self.beta.code_prefix = "KU"
        self.beta.save()
        one = services.create_client(self.alpha, {}, self.bob)
        other = services.create_client(self.beta, {}, self.charlie)
        self.assertNotEqual(one.code, other.code)

    def test_creation_is_audited_by_code_without_identifying_data(self):
        client = services.create_client(
            self.alpha, {"name": "Зарина Одинаева", "phone": "+992 93 111 2233"}, self.bob
        )
        entry = AuditEntry.objects.get(action=AuditAction.RECORD_CREATED, object_id=str(client.pk))
        self.assertEqual(entry.detail["client"], client.code)
        self.assertNotIn("Зарина", str(entry.detail))

    def test_unknown_fields_are_a_programming_error(self):
        with self.assertRaises(TypeError):
            services.create_client(self.alpha, {"code": "XX-1"}, self.bob)

    def test_bad_choice_is_refused_and_nothing_is_written(self):
        with self.assertRaises(ValidationError):
            services.create_client(self.alpha, {"sex": "robot"}, self.bob)
        self.assertFalse(Client.objects.exists())


class DuplicateTests(HimoyaTestCase):
    def test_same_normalised_name_and_birth_date_is_found_through_the_index(self):
        known = services.create_client(
            self.alpha, {"name": "Ра’но  Каримова", "birth_date": BIRTH}, self.bob
        )
        found = services.find_possible_duplicates(self.alpha, "раъно каримова", BIRTH)
        self.assertEqual(list(found), [known])
        # The look-up is one equality on the index column, never a decrypting scan.
        self.assertIn("identity_index", str(found.query))
        self.assertNotIn('"clients_client"."name" ', str(found.query).split("WHERE")[1])

    def test_other_birth_date_other_organisation_or_no_name_finds_nothing(self):
        services.create_client(
            self.alpha, {"name": "Раъно Каримова", "birth_date": BIRTH}, self.bob
        )
        other_day = BIRTH + datetime.timedelta(days=1)
        self.assertFalse(services.find_possible_duplicates(self.alpha, "Раъно Каримова", other_day))
        self.assertFalse(services.find_possible_duplicates(self.beta, "Раъно Каримова", BIRTH))
        self.assertFalse(services.find_possible_duplicates(self.alpha, "  ", BIRTH))

    def test_name_only_clients_match_name_only_searches(self):
        known = services.create_client(self.alpha, {"name": "Нигина"}, self.bob)
        self.assertEqual(list(services.find_possible_duplicates(self.alpha, "НИГИНА")), [known])
        # Her birth date was never recorded: a search with one still warns.
        self.assertEqual(
            list(services.find_possible_duplicates(self.alpha, "Нигина", BIRTH)), [known]
        )


class UpdateTests(HimoyaTestCase):
    def test_update_recomputes_the_index_and_audits_field_names_only(self):
        client = services.create_client(self.alpha, {"name": "Мадина"}, self.bob)
        updated = services.update_client(
            client, client.version, {"name": "Мадина Саидова", "birth_date": BIRTH}, self.bob
        )
        self.assertEqual(updated.version, client.version + 1)
        self.assertEqual(
            list(services.find_possible_duplicates(self.alpha, "мадина саидова", BIRTH)), [client]
        )
        self.assertFalse(services.find_possible_duplicates(self.alpha, "Мадина"))
        entry = AuditEntry.objects.filter(action=AuditAction.RECORD_CHANGED).latest("id")
        # The age group ("not known" until now) follows from the new birth date.
        self.assertEqual(entry.detail["fields"], ["age_group", "birth_date", "name"])
        self.assertEqual(updated.age_group, age_group_on(BIRTH, timezone.localdate()))
        self.assertNotIn("Саидова", str(entry.detail))

    def test_stale_edit_is_refused_naming_what_changed(self):
        client = services.create_client(self.alpha, {"phone": "+992 1"}, self.bob)
        stale_version = client.version
        services.update_client(client, stale_version, {"phone": "+992 2"}, self.sam)
        with self.assertRaises(StaleEditError) as caught:
            services.update_client(
                client,
                stale_version,
                {"phone": "+992 3"},
                self.bob,
                baseline={"phone": "+992 1"},
            )
        self.assertEqual(caught.exception.changes, {"phone": "+992 2"})
        client.refresh_from_db()
        self.assertEqual(client.phone, "+992 2")


class ConsentTests(HimoyaTestCase):
    def setUp(self):
        self.client_record = ClientFactory(organisation=self.alpha, age_group=AgeGroup.AGE_26_40)

    def give(self, kind, **extra):
        return give_consent(self.client_record, kind, ConsentMethod.VERBAL, self.bob, **extra)

    def test_withdrawal_is_effective_at_once_and_kept_in_history(self):
        consent = self.give(ConsentKind.SERVICES)
        self.assertTrue(has_consent(self.client_record, ConsentKind.SERVICES))
        withdraw_consent(consent, self.sam, "She asked us to stop.")
        self.assertFalse(has_consent(self.client_record, ConsentKind.SERVICES))
        consent.refresh_from_db()
        self.assertEqual(consent.withdrawn_by, self.sam)
        self.assertEqual(consent.withdrawal_note, "She asked us to stop.")
        self.assertEqual(Consent.objects.filter(client=self.client_record).count(), 1)
        with self.assertRaises(ValidationError):
            withdraw_consent(consent, self.sam, "again")

    def test_sharing_consent_names_its_recipient(self):
        with self.assertRaises(ValidationError):
            self.give(ConsentKind.SHARE_ORGANISATION)
        with self.assertRaises(ValidationError):
            self.give(ConsentKind.SHARE_SECTOR)
        with self.assertRaises(ValidationError):
            self.give(ConsentKind.SHARE_SECTOR, recipient_sector="astrology")
        self.give(ConsentKind.SHARE_ORGANISATION, recipient_organisation=self.beta)
        self.give(ConsentKind.SHARE_SECTOR, recipient_sector=Sector.HEALTH)
        has = has_consent
        self.assertTrue(has(self.client_record, ConsentKind.SHARE_ORGANISATION, self.beta))
        self.assertFalse(has(self.client_record, ConsentKind.SHARE_ORGANISATION, self.alpha))
        self.assertTrue(has(self.client_record, ConsentKind.SHARE_SECTOR, sector=Sector.HEALTH))
        self.assertFalse(has(self.client_record, ConsentKind.SHARE_SECTOR, sector=Sector.JUSTICE))
        self.assertFalse(has(self.client_record, ConsentKind.SHARE_ORGANISATION))

    def test_bad_method_is_refused(self):
        with self.assertRaises(ValidationError):
            give_consent(self.client_record, ConsentKind.SERVICES, "telepathy", self.bob)
        self.assertFalse(Consent.objects.exists())


class ChildConsentTests(HimoyaTestCase):
    def setUp(self):
        self.child = ClientFactory(organisation=self.alpha, age_group=AgeGroup.AGE_12_17)

    def test_child_services_consent_needs_a_caregiver_or_a_reason(self):
        with translation.override("en"), self.assertRaisesMessage(ValidationError, "caregiver"):
            give_consent(self.child, ConsentKind.SERVICES, ConsentMethod.VERBAL, self.bob)
        self.assertFalse(Consent.objects.filter(client=self.child).exists())

    def test_caregiver_given_in_the_same_call(self):
        give_consent(
            self.child,
            ConsentKind.SERVICES,
            ConsentMethod.WRITTEN,
            self.bob,
            caregiver_relationship="mother",
        )
        kinds = set(Consent.objects.filter(client=self.child).values_list("kind", flat=True))
        self.assertEqual(kinds, {ConsentKind.SERVICES, ConsentKind.CAREGIVER})
        self.assertTrue(has_consent(self.child, ConsentKind.SERVICES))

    def test_reason_not_sought_is_recorded_and_counts(self):
        give_consent(
            self.child,
            ConsentKind.SERVICES,
            ConsentMethod.VERBAL,
            self.bob,
            not_sought_reason="The father is the alleged perpetrator.",
        )
        record = Consent.objects.get(client=self.child, kind=ConsentKind.CAREGIVER)
        self.assertFalse(record.given)
        self.assertEqual(record.not_sought_reason, "The father is the alleged perpetrator.")
        self.assertTrue(has_consent(self.child, ConsentKind.SERVICES))

    def test_withdrawn_caregiver_consent_stops_the_childs_consent_counting(self):
        caregiver = give_consent(
            self.child,
            ConsentKind.CAREGIVER,
            ConsentMethod.VERBAL,
            self.bob,
            caregiver_relationship="aunt",
        )
        give_consent(self.child, ConsentKind.SERVICES, ConsentMethod.VERBAL, self.bob)
        self.assertTrue(has_consent(self.child, ConsentKind.SERVICES))
        withdraw_consent(caregiver, self.bob, "")
        self.assertFalse(has_consent(self.child, ConsentKind.SERVICES))

    def test_caregiver_details_on_an_adult_are_refused(self):
        adult = ClientFactory(organisation=self.alpha, age_group=AgeGroup.AGE_18_25)
        with self.assertRaises(ValidationError):
            give_consent(
                adult,
                ConsentKind.SERVICES,
                ConsentMethod.VERBAL,
                self.bob,
                caregiver_relationship="mother",
            )
