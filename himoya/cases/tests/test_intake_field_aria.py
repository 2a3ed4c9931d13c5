"""Intake: a refused answer and its help text are tied to the input for screen readers."""

from himoya.cases.tests.pages_base import CasePagesTestCase
from himoya.cases.tests.test_intake_pages import intake_data
from himoya.core.tests.field_aria import described_field


class IntakeFieldDescriptionTests(CasePagesTestCase):
    def test_a_refused_birth_date_names_its_help_and_error_and_is_invalid(self):
        self.sign_in(self.bob)
        response = self.client.post(self.url("cases:intake"), intake_data(birth_date="1890-01-01"))
        self.assertEqual(response.status_code, 400)
        form = response.context["form"]
        field = described_field(response.content.decode(), "birth_date")
        self.assertEqual(field.invalid, ["true"])
        self.assertEqual(
            field.described_by,
            {
                "id_birth_date_helptext": ("small", str(form["birth_date"].help_text)),
                "id_birth_date_error": ("ul", str(form.errors["birth_date"][0])),
            },
        )
