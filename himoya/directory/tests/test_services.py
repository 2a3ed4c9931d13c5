"""The directory's named write functions: validation, versions and audit."""

import pytest
from django.core.exceptions import ValidationError

from himoya.audit.models import AuditAction, AuditEntry
from himoya.core.versioning import StaleEditError
from himoya.directory import services
from himoya.directory.models import Location, Phone, Service, ServiceType
from himoya.geo.models import District, Jamoat
from himoya.testing import HimoyaTestCase

SERVICE_DATA = {
    "service_type": ServiceType.PSYCHOLOGICAL_SUPPORT,
    "name_tg": "Дастгирии равонӣ",
    "name_ru": "Психологическая поддержка",
    "name_en": "Psychological support",
    "languages": ["ru", "tg"],
}


class ServiceWritesTests(HimoyaTestCase):
    def setUp(self):
        self.sino = District.objects.get(slug="sino")

    def create(self, **extra):
        return services.create_service(
            organisation=self.alpha,
            data={**SERVICE_DATA, **extra},
            districts=[self.sino],
            phones=[{"number": "+992 00 000 00 01"}],
            actor=self.alice,
        )

    def test_create_fills_sector_orders_languages_and_audits(self):
        service = self.create()
        assert service.sector == "social"
        assert service.languages == ["tg", "ru"]
        assert list(service.districts_served.all()) == [self.sino]
        assert service.phones.get().number == "+992 00 000 00 01"
        entry = AuditEntry.objects.get(action=AuditAction.DIRECTORY_CREATED)
        assert entry.object_id == str(service.pk) and entry.actor == self.alice

    def test_invalid_data_writes_nothing(self):
        cases = [
            ({"languages": ["xx"]}, [self.sino], "languages"),
            ({"service_type": "magic"}, [self.sino], "service_type"),
            ({"name_en": "x" * 500}, [self.sino], "name_en"),
            ({"colour": "red"}, [self.sino], "colour"),
            ({}, [], "districts_served"),
            ({}, ["atlantis"], "districts_served"),
            ({"sector": "justice"}, [self.sino], "sector"),
        ]
        for extra, districts, field in cases:
            with pytest.raises(ValidationError) as caught:
                services.create_service(
                    organisation=self.alpha,
                    data={**SERVICE_DATA, **extra},
                    districts=districts,
                    actor=self.alice,
                )
            assert field in caught.value.message_dict
        with pytest.raises(ValidationError):
            self.create(capacity=-1)
        with pytest.raises(ValidationError):
            services.create_service(
                organisation=self.alpha,
                data=SERVICE_DATA,
                districts=[self.sino],
                phones=[{"number": "call me maybe"}],
                actor=self.alice,
            )
        assert Service.objects.count() == 0
        assert Phone.objects.count() == 0
        assert AuditEntry.objects.count() == 0

    def test_update_bumps_version_and_stale_edit_is_refused(self):
        service = self.create()
        baseline = {"name_en": service.name_en}
        updated = services.update_service(
            service,
            expected_version=1,
            data={"name_en": "Counselling"},
            actor=self.alice,
        )
        assert updated.version == 2
        with pytest.raises(StaleEditError) as caught:
            services.update_service(
                service,
                expected_version=1,
                data={"name_en": "Mine"},
                actor=self.alice,
                baseline=baseline,
            )
        assert "name_en" in caught.value.changes
        assert Service.objects.get().name_en == "Counselling"

    def test_phone_only_change_moves_the_version(self):
        service = self.create()
        updated = services.set_service_phones(
            service, phones=[{"number": "+992 00 000 00 02", "kind": "sms"}], actor=self.alice
        )
        assert updated.version == 2
        assert [p.number for p in updated.phones.all()] == ["+992 00 000 00 02"]

    def test_deactivate(self):
        service = self.create()
        services.deactivate_service(service, expected_version=1, actor=self.alice)
        assert not Service.objects.get().is_active
        assert AuditEntry.objects.filter(action=AuditAction.DIRECTORY_DELETED).count() == 1

    def test_locations_must_belong_to_the_organisation(self):
        theirs = services.create_location(
            self.beta,
            data={"name_en": "Office", "name_tg": "Идора", "name_ru": "Офис", "district": "isfara"},
            actor=self.charlie,
        )
        with pytest.raises(ValidationError):
            services.create_service(
                organisation=self.alpha,
                data=SERVICE_DATA,
                districts=[self.sino],
                locations=[theirs],
                actor=self.alice,
            )

    def test_location_jamoat_must_be_in_district(self):
        jamoat = Jamoat.objects.get(slug="bobojon-gafurov-haydar-usmonov")
        with pytest.raises(ValidationError):
            services.create_location(
                self.beta,
                data={
                    "name_en": "x",
                    "name_tg": "x",
                    "name_ru": "x",
                    "district": "isfara",
                    "jamoat": jamoat,
                },
                actor=self.charlie,
            )
        location = services.create_location(
            self.beta,
            data={
                "name_en": "x",
                "name_tg": "x",
                "name_ru": "x",
                "district": "bobojon-gafurov",
                "jamoat": jamoat.slug,
            },
            actor=self.charlie,
        )
        assert Location.objects.get().jamoat == jamoat
        services.update_location(
            location, expected_version=1, data={"is_confidential": True}, actor=self.charlie
        )
        assert Location.objects.get().version == 2

    def test_update_organisation(self):
        services.update_organisation(
            self.alpha,
            expected_version=1,
            data={"name_en": "Alpha Centre", "district": "firdavsi"},
            actor=self.alice,
        )
        self.alpha.refresh_from_db()
        assert self.alpha.name_en == "Alpha Centre" and self.alpha.district.slug == "firdavsi"
        with pytest.raises(ValidationError):
            services.update_organisation(
                self.alpha, expected_version=2, data={"parent": self.beta}, actor=self.alice
            )
        with pytest.raises(StaleEditError):
            services.update_organisation(
                self.alpha, expected_version=1, data={"name_en": "Old"}, actor=self.alice
            )
