"""Organisation admins edit their own directory entry: access, writes, stale edits."""

import html

from django.urls import reverse as django_reverse
from django.utils import translation

from himoya.audit.models import AuditAction, AuditEntry
from himoya.directory import services
from himoya.directory.models import Location, Organisation, Service
from himoya.directory.tests.factories import OrganisationFactory
from himoya.geo.models import District
from himoya.testing import HimoyaTestCase


def reverse(name, args=()):
    """English URLs, so the assertions can read the English messages."""
    with translation.override("en"):
        return django_reverse(name, args=args)


def service_post(version=None, baseline="", **overrides):
    data = {
        "service_type": "psychological_support",
        "districts_served": ["sino", "firdavsi"],
        "languages": ["tg", "ru"],
        "is_free": "on",
        "phones": "+992 00 000 00 05\n1313, hotline, free",
        "name_tg": "Дастгирии равонӣ",
        "name_ru": "Психологическая поддержка",
        "name_en": "Psychological support",
        "hours_en": "Mon–Fri 9–17",
        "what_to_bring_en": "Nothing",
    }
    if version is not None:
        data["version"] = str(version)
        data["baseline"] = baseline
    data.update(overrides)
    return data


class ManageTestCase(HimoyaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.sino = District.objects.get(slug="sino")
        cls.service = services.create_service(
            organisation=cls.alpha,
            data={
                "service_type": "crisis_counselling",
                "name_tg": "Машварат",
                "name_ru": "Консультации",
                "name_en": "Counselling",
            },
            districts=[cls.sino],
            actor=cls.alice,
        )
        cls.location = services.create_location(
            cls.alpha,
            data={"name_tg": "Идора", "name_ru": "Офис", "name_en": "Office", "district": "sino"},
            actor=cls.alice,
        )
        cls.beta_service = services.create_service(
            organisation=cls.beta,
            data={
                "service_type": "primary_legal_aid",
                "name_tg": "Ёрӣ",
                "name_ru": "Помощь",
                "name_en": "Legal aid",
            },
            districts=["isfara"],
            actor=cls.charlie,
        )

    def urls(self):
        slug = self.alpha.slug
        return [
            reverse("directory:manage", args=[slug]),
            reverse("directory:organisation_edit", args=[slug]),
            reverse("directory:service_create", args=[slug]),
            reverse("directory:service_edit", args=[slug, self.service.pk]),
            reverse("directory:location_create", args=[slug]),
            reverse("directory:location_edit", args=[slug, self.location.pk]),
        ]


class AccessTests(ManageTestCase):
    def test_outsider_gets_404(self):
        self.sign_in(self.charlie)
        for url in self.urls():
            assert self.client.get(url).status_code == 404, url
        for url in self.urls()[1:]:  # the overview only reads
            assert self.client.post(url, service_post()).status_code == 404, url

    def test_wrong_role_gets_403(self):
        for user in (self.bob, self.sam, self.ann, self.olga):
            self.sign_in(user)
            for url in self.urls():
                assert self.client.get(url).status_code == 403, (user, url)

    def test_org_admin_and_superuser_get_200(self):
        for user in (self.alice, self.root):
            self.sign_in(user)
            for url in self.urls():
                assert self.client.get(url).status_code == 200, (user, url)

    def test_anonymous_is_sent_to_sign_in(self):
        response = self.client.get(self.urls()[0])
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]

    def test_another_organisations_service_is_not_found_under_my_slug(self):
        self.sign_in(self.alice)
        url = reverse("directory:service_edit", args=[self.alpha.slug, self.beta_service.pk])
        assert self.client.get(url).status_code == 404
        assert self.client.post(url, service_post(version=1)).status_code == 404
        url = reverse("directory:service_set_active", args=[self.alpha.slug, self.beta_service.pk])
        assert self.client.post(url, {"version": 1}).status_code == 404
        assert Service.objects.get(pk=self.beta_service.pk).is_active

    def test_parent_admin_cannot_edit_a_branch(self):
        branch = OrganisationFactory(
            slug="alpha-branch", kind="crisis_centre", district__slug="sino", parent=self.alpha
        )
        self.sign_in(self.alice)
        assert self.client.get(reverse("directory:manage", args=[branch.slug])).status_code == 404

    def test_unknown_organisation_is_not_found(self):
        self.sign_in(self.root)
        assert self.client.get(reverse("directory:manage", args=["nobody"])).status_code == 404


class EditTests(ManageTestCase):
    def setUp(self):
        self.sign_in(self.alice)

    def test_create_a_service(self):
        url = reverse("directory:service_create", args=[self.alpha.slug])
        response = self.client.post(url, service_post(locations=[str(self.location.pk)]))
        assert response.status_code == 302
        service = Service.objects.get(name_en="Psychological support")
        assert service.sector == "social"
        assert sorted(d.slug for d in service.districts_served.all()) == ["firdavsi", "sino"]
        assert list(service.locations.all()) == [self.location]
        assert [(p.number, p.kind, p.is_free_call) for p in service.phones.all()] == [
            ("+992 00 000 00 05", "voice", False),
            ("1313", "hotline", True),
        ]
        assert AuditEntry.objects.filter(
            action=AuditAction.DIRECTORY_CREATED, object_id=str(service.pk)
        ).exists()

    def test_bad_input_is_refused_and_nothing_written(self):
        url = reverse("directory:service_create", args=[self.alpha.slug])
        before = (Service.objects.count(), AuditEntry.objects.count())
        for overrides in (
            {"service_type": "magic"},
            {"districts_served": ["atlantis"]},
            {"districts_served": []},
            {"name_en": ""},
            {"name_en": "x" * 1000},
            {"capacity": "-3"},
            {"capacity": "many"},
            {"languages": ["xx"]},
            {"phones": "call me"},
            {"phones": "+992 00 000 00 01, pigeon"},
            {"email": "not-an-email"},
        ):
            response = self.client.post(url, service_post(**overrides))
            assert response.status_code == 400, overrides
            assert 'class="errorlist' in response.content.decode(), overrides
        assert (Service.objects.count(), AuditEntry.objects.count()) == before

    def test_edit_a_service(self):
        url = reverse("directory:service_edit", args=[self.alpha.slug, self.service.pk])
        form = self.client.get(url).context["form"]
        baseline = form.initial["baseline"]
        response = self.client.post(
            url, service_post(version=1, baseline=baseline, name_en="Crisis counselling")
        )
        assert response.status_code == 302
        service = Service.objects.get(pk=self.service.pk)
        assert service.name_en == "Crisis counselling" and service.version == 2

    def test_stale_edit_is_refused_names_the_change_and_keeps_input(self):
        url = reverse("directory:service_edit", args=[self.alpha.slug, self.service.pk])
        baseline = self.client.get(url).context["form"].initial["baseline"]
        # Someone else saves first.
        services.update_service(
            self.service, expected_version=1, data={"hours_en": "Sundays"}, actor=self.root
        )
        response = self.client.post(
            url, service_post(version=1, baseline=baseline, name_en="My new name")
        )
        assert response.status_code == 409
        html = response.content.decode()
        assert "Someone else saved this record" in html
        assert "Opening hours (English)" in html
        assert 'value="My new name"' in html
        assert 'name="version" value="2"' in html
        service = Service.objects.get(pk=self.service.pk)
        assert service.name_en == "Counselling" and service.hours_en == "Sundays"

    def test_missing_or_malformed_version_is_refused(self):
        url = reverse("directory:service_edit", args=[self.alpha.slug, self.service.pk])
        assert self.client.post(url, service_post()).status_code == 400
        assert self.client.post(url, service_post(version="abc")).status_code == 400
        assert Service.objects.get(pk=self.service.pk).version == 1

    def test_deactivate_and_reactivate(self):
        url = reverse("directory:service_set_active", args=[self.alpha.slug, self.service.pk])
        assert self.client.post(url, {"version": 1}).status_code == 302
        assert not Service.objects.get(pk=self.service.pk).is_active
        assert self.client.get(f"/en/services/{self.service.pk}/").status_code == 404
        # A stale deactivation form changes nothing.
        self.client.post(url, {"version": 1, "active": "1"})
        assert not Service.objects.get(pk=self.service.pk).is_active
        self.client.post(url, {"version": 2, "active": "1"})
        assert Service.objects.get(pk=self.service.pk).is_active

    def test_edit_the_organisation(self):
        url = reverse("directory:organisation_edit", args=[self.alpha.slug])
        form = self.client.get(url).context["form"]
        data = {**form.initial, "name_en": "Alpha Crisis Centre", "district": "firdavsi"}
        response = self.client.post(url, data)
        assert response.status_code == 302
        alpha = Organisation.objects.get(pk=self.alpha.pk)
        assert alpha.name_en == "Alpha Crisis Centre" and alpha.district.slug == "firdavsi"
        assert alpha.version == 2
        # The same form again is stale now.
        response = self.client.post(url, {**data, "name_en": "Other"})
        assert response.status_code == 409
        assert Organisation.objects.get(pk=self.alpha.pk).name_en == "Alpha Crisis Centre"

    def test_a_stale_edit_shows_what_changed_with_the_saved_value(self):
        url = reverse("directory:organisation_edit", args=[self.alpha.slug])
        form = self.client.get(url).context["form"]
        data = {**form.initial, "name_en": "Alpha Crisis Centre", "district": "firdavsi"}
        assert self.client.post(url, data).status_code == 302
        response = self.client.post(url, {**form.initial, "email": "mine@example.org"})
        assert response.status_code == 409
        page = html.unescape(response.content.decode())
        assert "now “Alpha Crisis Centre”" in page
        assert "now “Firdavsi" in page
        assert response.context["form"].stale_changes[0][1] != "firdavsi"

    def test_a_tampered_version_says_the_form_is_out_of_date(self):
        url = reverse("directory:organisation_edit", args=[self.alpha.slug])
        form = self.client.get(url).context["form"]
        for version in ("abc", "-3", "99999999999"):
            response = self.client.post(url, {**form.initial, "version": version})
            assert response.status_code == 400, version
            assert "This form is out of date; reload the page." in response.content.decode()
        assert Organisation.objects.get(pk=self.alpha.pk).version == 1

    def test_organisation_form_cannot_change_parent_or_kind(self):
        url = reverse("directory:organisation_edit", args=[self.alpha.slug])
        form = self.client.get(url).context["form"]
        self.client.post(url, {**form.initial, "parent": self.beta.pk, "kind": "police"})
        alpha = Organisation.objects.get(pk=self.alpha.pk)
        assert alpha.parent is None and alpha.kind == "crisis_centre"

    def test_locations(self):
        url = reverse("directory:location_create", args=[self.alpha.slug])
        response = self.client.post(
            url,
            {
                "name_tg": "Паноҳгоҳ",
                "name_ru": "Приют",
                "name_en": "Shelter",
                "address_en": "Secret street 1",
                "district": "sino",
                "is_confidential": "on",
            },
        )
        assert response.status_code == 302
        shelter = Location.objects.get(name_en="Shelter")
        assert shelter.is_confidential
        url = reverse("directory:location_edit", args=[self.alpha.slug, shelter.pk])
        form = self.client.get(url).context["form"]
        response = self.client.post(
            url, {**form.initial, "jamoat": "bobojon-gafurov-haydar-usmonov"}
        )
        assert response.status_code == 400
        assert "not in the chosen district" in response.content.decode()
