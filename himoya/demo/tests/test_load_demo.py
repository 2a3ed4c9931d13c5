"""The demo loader: built from the seed document, idempotent, marks everything as demo."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.utils import translation

from himoya.accounts.models import Membership, User
from himoya.core.roles import Role
from himoya.directory.models import Location, Organisation, Phone, Service

pytestmark = pytest.mark.slow


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Organisation, Service, Location, Phone, User, Membership)
    }


class LoadDemoTests(TestCase):
    def run_loader(self) -> str:
        out = StringIO()
        call_command("load_demo", stdout=out)
        return out.getvalue()

    def test_second_run_neither_fails_nor_duplicates(self):
        first_output = self.run_loader()
        first = counts()
        first_hash = User.objects.get(username="admin.ku").password
        second_output = self.run_loader()
        assert counts() == first
        # New passwords on every run, printed in the table.
        assert User.objects.get(username="admin.ku").password != first_hash
        for output in (first_output, second_output):
            assert "username" in output and "password" in output
            assert "admin.ku" in output and "operator.1313" in output
            assert "supervisor.1313" in output

    def test_the_user_table_names_roles_readably(self):
        output = self.run_loader()
        table = output[output.index("username") :]
        assert "org_admin" not in table and "hotline_operator" not in table
        assert "(organisation admin)" in table and "(platform superuser)" in table
        with translation.override("tg"):
            assert str(Role.ORG_ADMIN.label) in table

    def test_directory_from_the_seed_document(self):
        self.run_loader()
        assert not Organisation.objects.filter(is_demo=False).exists()
        assert not Service.objects.filter(is_demo=False).exists()
        centre = Organisation.objects.get(slug="legal-aid-center")
        offices = set(centre.branches.values_list("district__slug", flat=True))
        assert offices == {
            "isfara",
            "khujand",
            "bobojon-gafurov",
            "yovon",
            "rudaki",
            "hisor",
            "shohmansur",
        }
        for office in centre.branches.all():
            types = set(office.services.values_list("service_type", flat=True))
            assert types == {"primary_legal_aid", "secondary_legal_aid"}, office.slug
        gafurov = Location.objects.get(organisation__slug="lac-bobojon-gafurov")
        assert gafurov.jamoat.name_en == "Haydar Usmonov"
        shelter = Service.objects.get(service_type="temporary_shelter")
        assert shelter.organisation.slug == "korvoni-umed" and shelter.capacity
        assert shelter.locations.get().is_confidential
        cafe = Service.objects.get(service_type="livelihood")
        assert "Chatr" in cafe.name_en and "Чатр" in cafe.name_tg
        medical = Service.objects.get(service_type="medical_care")
        assert medical.organisation.district.slug == "yovon" and medical.is_free
        hotline = Service.objects.get(service_type="hotline_counselling")
        assert hotline.phones.get().number == "1313"
        assert Organisation.objects.get(slug="committee-women-family").kind == "government"
        # Every number other than the hotline's is plainly fictitious.
        for number in Phone.objects.exclude(number="1313").values_list("number", flat=True):
            assert number.startswith("+992 00 000 00"), number
        for service in Service.objects.all():
            assert service.name_tg and service.name_ru and service.name_en
            assert service.hours_tg and service.what_to_bring_ru and service.eligibility_en

    def test_one_user_per_role(self):
        self.run_loader()
        assert User.objects.get(username="admin").is_superuser
        roles = set(Membership.objects.values_list("role", flat=True))
        assert roles == set(Role.values)
        lawyer = Membership.objects.get(user__username="lawyer.isfara")
        assert lawyer.organisation.slug == "lac-isfara"
        assert lawyer.user.profession == "state_lawyer"
        assert Membership.objects.get(user__username="admin.ku").role == Role.ORG_ADMIN
        # Supervisors for the hotline's statistics and the Isfara office's referral inbox.
        for username, slug in (
            ("supervisor.1313", "hotline-1313"),
            ("supervisor.isfara", "lac-isfara"),
        ):
            membership = Membership.objects.get(user__username=username)
            assert (membership.organisation.slug, membership.role) == (slug, Role.SUPERVISOR)

    def test_calls_and_referrals_are_loaded_once_and_reported(self):
        first = self.run_loader()
        assert "Demo hotline calls: 300 new; demo referrals: " in first
        assert "Demo hotline calls: 0 new; demo referrals: 0 new." in self.run_loader()
        # The demo's referral history sends no emails.
        assert mail.outbox == []
