"""Incident pages: access, the questions in order, derived results, 400/409 refusals, audit."""

from django.urls import reverse
from django.utils import translation

from himoya.accounts.tests.factories import UserFactory
from himoya.audit.models import AuditAction, AuditEntry
from himoya.cases.models import CaseStatus
from himoya.cases.tests.factories import CaseFactory
from himoya.core.roles import Role
from himoya.incidents import services
from himoya.incidents.forms import CLASSIFICATION_QUESTIONS
from himoya.incidents.models import Incident
from himoya.incidents.tests.helpers import HUSBAND, form_post, incident_data
from himoya.testing import HimoyaTestCase


class IncidentPageTests(HimoyaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.carol = UserFactory(username="carol", organisation=cls.alpha, role=Role.CASEWORKER)
        cls.case = CaseFactory(organisation=cls.alpha, caseworker=cls.bob)
        cls.incident = services.record_incident(cls.case, incident_data(), HUSBAND, cls.bob)

    def urls(self, language="en"):
        """The three pages (in English unless asked: the tests read English text)."""
        case, pk = self.case.pk, self.incident.pk
        with translation.override(language):
            return [
                reverse("cases:incident_add", args=[case]),
                reverse("cases:incident_detail", args=[case, pk]),
                reverse("cases:incident_edit", args=[case, pk]),
            ]

    def test_urls_live_under_the_case(self):
        assert self.urls("tg")[0] == f"/cases/{self.case.pk}/incidents/add/"
        assert self.urls("ru")[1] == f"/ru/cases/{self.case.pk}/incidents/{self.incident.pk}/"

    def test_questions_in_tajik_and_russian(self):
        self.sign_in(self.bob)
        tajik = self.client.get(self.urls("tg")[0]).content.decode()
        assert "Оё зӯроварии ҷисмонии" in tajik
        assert "Was there" not in tajik
        russian = self.client.get(self.urls("ru")[0]).content.decode()
        assert "Было ли физическое насилие" in russian
        detail = self.client.get(self.urls("ru")[1]).content.decode()
        assert "физическое нападение" in detail
        assert "насилие со стороны интимного партнёра" in detail

    def test_anonymous_is_sent_to_sign_in(self):
        for url in self.urls():
            response = self.client.get(url)
            assert response.status_code == 302, url
            assert reverse("accounts:login") in response["Location"]

    def test_outsider_gets_404(self):
        self.sign_in(self.charlie)
        add, detail, edit = self.urls()
        for url in (add, detail, edit):
            assert self.client.get(url).status_code == 404, url
        for url in (add, edit):
            assert self.client.post(url, form_post()).status_code == 404, url
        # The detail page only reads: any POST is 405 whether the incident exists or not.
        assert self.client.post(detail).status_code == 405

    def test_wrong_roles_get_403(self):
        for user in (self.alice, self.ann, self.olga, self.carol, self.root):
            self.sign_in(user)
            add, detail, edit = self.urls()
            for url in (add, detail, edit):
                assert self.client.get(url).status_code == 403, (user, url)
            for url in (add, edit):
                assert self.client.post(url, form_post()).status_code == 403, (user, url)
        assert Incident.objects.count() == 1

    def test_assigned_caseworker_and_supervisor_get_200(self):
        for user in (self.bob, self.sam):
            self.sign_in(user)
            for url in self.urls():
                assert self.client.get(url).status_code == 200, (user, url)

    def test_incident_of_another_case_is_404(self):
        other = CaseFactory(organisation=self.alpha, caseworker=self.bob)
        self.sign_in(self.bob)
        url = f"/en/cases/{other.pk}/incidents/{self.incident.pk}/"
        assert self.client.get(url).status_code == 404
        assert self.client.get(f"/en/cases/{self.case.pk}/incidents/999999/").status_code == 404

    def test_form_asks_the_tool_questions_in_order_and_offers_no_type_list(self):
        self.sign_in(self.bob)
        html = self.client.get(self.urls()[0]).content.decode()
        positions = [html.index(f'name="{name}"') for name, _q, _h in CLASSIFICATION_QUESTIONS]
        assert positions == sorted(positions)
        assert 'name="gbv_type"' not in html
        assert 'type="radio"' in html
        assert 'name="law_forms"' in html and 'type="checkbox"' in html
        assert 'name="viewport"' in html

    def test_add_classifies_from_answers(self):
        self.sign_in(self.bob)
        response = self.client.post(
            self.urls()[0],
            form_post(
                penetration="yes",
                sexual_contact="yes",
                law_forms=["sexual", "physical"],
                money_or_goods_exchanged="yes",
            ),
        )
        incident = Incident.objects.exclude(pk=self.incident.pk).get()
        assert response.status_code == 302
        assert response["Location"] == f"/en/cases/{self.case.pk}/incidents/{incident.pk}/"
        assert incident.gbv_type == "rape"
        assert incident.context_flags == [
            "intimate_partner_violence",
            "possible_sexual_exploitation",
        ]
        assert incident.law_forms == ["physical", "sexual"]

    def test_add_with_bad_input_is_400_and_writes_nothing(self):
        self.sign_in(self.bob)
        audit_before = AuditEntry.objects.count()
        bad = [
            form_post(penetration=None),
            form_post(incident_date="2999-01-01"),
            form_post(reported_date="2000-01-01"),
            form_post(law_forms=[]),
            form_post(p1_count="0"),
            form_post(p1_count="", p1_sex="", p1_age_group="", p1_relationship=""),
            form_post(district="99999999999999999999"),
            form_post(incident_date="not a date"),
        ]
        for body in bad:
            response = self.client.post(self.urls()[0], body)
            assert response.status_code == 400, body
            # The error summary at the top lists every error, the form's own ones too.
            assert b'class="error-summary"' in response.content
        assert Incident.objects.count() == 1
        assert AuditEntry.objects.count() == audit_before

    def test_detail_explains_the_type_and_audits_the_read(self):
        self.sign_in(self.sam)
        response = self.client.get(self.urls()[1])
        html = response.content.decode()
        assert 'class="decided"' in html
        assert "physical violence that was not sexual" in html
        assert "intimate partner violence" in html
        assert "0–3 days" in html
        assert "He hit her" in html
        entry = AuditEntry.objects.filter(action=AuditAction.RECORD_READ).last()
        assert (entry.actor, entry.object_id, entry.detail["what"]) == (
            self.sam,
            str(self.incident.pk),
            "incident",
        )

    def test_edit_saves_and_bumps_version(self):
        self.sign_in(self.bob)
        response = self.client.get(self.urls()[2])
        read = AuditEntry.objects.filter(action=AuditAction.RECORD_READ).last()
        assert (read.actor, read.object_id) == (self.bob, str(self.incident.pk))
        form = response.context["form"]
        body = form_post(
            time_of_day="morning",
            version=form.initial["version"],
            baseline=form.initial["baseline"],
        )
        response = self.client.post(self.urls()[2], body)
        assert response.status_code == 302
        incident = Incident.objects.get(pk=self.incident.pk)
        assert (incident.time_of_day, incident.version) == ("morning", 2)

    def test_stale_edit_is_409_and_names_what_changed(self):
        self.sign_in(self.bob)
        form = self.client.get(self.urls()[2]).context["form"]
        services.update_incident(
            self.incident,
            incident_data(location_type="street"),
            HUSBAND,
            expected_version=1,
            actor=self.sam,
        )
        body = form_post(
            time_of_day="morning",
            version=form.initial["version"],
            baseline=form.initial["baseline"],
        )
        response = self.client.post(self.urls()[2], body)
        assert response.status_code == 409
        html = response.content.decode()
        assert "Changed meanwhile: Where did it happen?" in html
        assert 'name="version" value="2"' in html
        assert "Saved by someone else meanwhile" in html
        assert "<dd>street or public place</dd>" in html
        incident = Incident.objects.get(pk=self.incident.pk)
        assert (incident.location_type, incident.time_of_day) == ("street", "evening")

    def test_edit_without_version_is_400(self):
        self.sign_in(self.bob)
        assert self.client.post(self.urls()[2], form_post()).status_code == 400

    def test_closed_case_is_readable_but_refuses_edits(self):
        case = CaseFactory(organisation=self.alpha, caseworker=self.bob)
        incident = services.record_incident(case, incident_data(), HUSBAND, self.bob)
        case.status = CaseStatus.CLOSED
        case.save()
        self.sign_in(self.bob)
        base = f"/en/cases/{case.pk}/incidents/"
        assert self.client.get(f"{base}{incident.pk}/").status_code == 200
        for url in (f"{base}add/", f"{base}{incident.pk}/edit/"):
            response = self.client.get(url)
            assert response.status_code == 409
            assert "closed" in response.content.decode()
            assert self.client.post(url, form_post(version="1")).status_code == 409
        assert Incident.objects.filter(case=case).count() == 1


class NonGbvIncidentPageTests(HimoyaTestCase):
    def test_all_no_is_explained(self):
        case = CaseFactory(organisation=self.alpha, caseworker=self.bob)
        data = incident_data(physical_assault=False, psychological_abuse=False, law_forms=[])
        incident = services.record_incident(case, data, HUSBAND, self.bob)
        self.sign_in(self.bob)
        response = self.client.get(f"/en/cases/{case.pk}/incidents/{incident.pk}/")
        html = response.content.decode()
        assert "not gender-based violence" in html
        assert 'class="decided"' not in html
