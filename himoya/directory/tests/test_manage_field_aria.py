"""Directory management: a refused field and its help text are tied to it for screen readers."""

from himoya.core.tests.field_aria import described_field
from himoya.directory.tests.test_manage import ManageTestCase, reverse, service_post


class ManageFieldDescriptionTests(ManageTestCase):
    def test_refused_districts_name_their_help_and_error_and_are_invalid(self):
        self.sign_in(self.alice)
        response = self.client.post(
            reverse("directory:service_create", args=[self.alpha.slug]),
            service_post(districts_served=[]),
        )
        self.assertEqual(response.status_code, 400)
        form = response.context["form"]
        field = described_field(response.content.decode(), "districts_served")
        # One checkbox a district, every one marked invalid.
        self.assertGreater(len(field.invalid), 1)
        self.assertEqual(set(field.invalid), {"true"})
        self.assertEqual(
            field.described_by,
            {
                "id_districts_served_helptext": ("small", str(form["districts_served"].help_text)),
                "id_districts_served_error": ("ul", str(form.errors["districts_served"][0])),
            },
        )
