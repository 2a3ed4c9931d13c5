"""Incident form: a refused question and its help text are tied to its answers for screen readers."""

from django.urls import reverse
from django.utils import translation

from himoya.cases.tests.factories import CaseFactory
from himoya.core.tests.field_aria import described_field
from himoya.incidents.tests.helpers import form_post
from himoya.testing import HimoyaTestCase


class IncidentFieldDescriptionTests(HimoyaTestCase):
    def test_a_refused_group_of_checkboxes_names_its_help_and_error_and_is_invalid(self):
        case = CaseFactory(organisation=self.alpha, caseworker=self.bob)
        self.sign_in(self.bob)
        with translation.override("en"):
            url = reverse("cases:incident_add", args=[case.pk])
        response = self.client.post(url, form_post(law_forms=[]))
        self.assertEqual(response.status_code, 400)
        form = response.context["form"]
        field = described_field(response.content.decode(), "law_forms")
        self.assertEqual(field.invalid, ["true"] * len(form["law_forms"].field.choices))
        self.assertEqual(
            field.described_by,
            {
                "id_law_forms_helptext": ("small", str(form["law_forms"].help_text)),
                "id_law_forms_error": ("ul", str(form.errors["law_forms"][0])),
            },
        )
