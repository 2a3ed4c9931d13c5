"""The project's field template: one markup for every field, with the ids aria-describedby names."""

from django import forms
from django.test import SimpleTestCase
from django.test.html import parse_html

from himoya.core.tests.field_aria import described_field


class SampleForm(forms.Form):
    name = forms.CharField(label="Name", max_length=3, help_text="An alias is fine.")
    answer = forms.ChoiceField(
        label="Answer",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        help_text="Ask first.",
    )
    agreed = forms.BooleanField(label="She agreed", help_text="Ask her.")
    note = forms.CharField(label="Note", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def rendered(form, name) -> str:
    return str(form[name].as_field_group())


class FieldTemplateTests(SimpleTestCase):
    def setUp(self):
        self.form = SampleForm({"name": "too long"})
        self.form.is_valid()

    def test_the_project_renderer_chooses_the_template(self):
        self.assertEqual(self.form.renderer.field_template_name, "core/forms/field.html")

    def test_help_and_error_of_a_text_field_have_the_ids_the_input_names(self):
        field = described_field(rendered(self.form, "name"), "name")
        self.assertEqual(field.invalid, ["true"])
        self.assertEqual(
            field.described_by,
            {
                "id_name_helptext": ("small", "An alias is fine."),
                "id_name_error": ("ul", str(self.form.errors["name"][0])),
            },
        )

    def test_a_group_is_a_fieldset_that_names_its_help_and_error(self):
        html = rendered(self.form, "answer")
        field = described_field(html, "answer")
        self.assertEqual(field.invalid, ["true", "true"])
        self.assertEqual(
            field.described_by,
            {
                "id_answer_helptext": ("small", "Ask first."),
                "id_answer_error": ("ul", str(self.form.errors["answer"][0])),
            },
        )
        self.assertIn("<legend><strong>Answer</strong>", html)

    def test_a_checkbox_sits_in_its_label_and_names_its_help_and_error(self):
        html = rendered(self.form, "agreed")
        self.assertInHTML(
            '<label class="check" for="id_agreed"><input type="checkbox" name="agreed"'
            ' required aria-invalid="true" aria-describedby="id_agreed_helptext id_agreed_error"'
            ' id="id_agreed"> <span>She agreed<span class="required"> *</span></span></label>',
            html,
        )
        self.assertEqual(
            set(described_field(html, "agreed").described_by),
            {"id_agreed_helptext", "id_agreed_error"},
        )

    def test_a_valid_field_without_help_is_described_by_nothing(self):
        html = rendered(self.form, "note")
        field = described_field(html, "note")
        self.assertEqual((field.invalid, field.described_by), ([None], {}))
        self.assertNotIn('class="required"', html)

    def test_a_required_field_carries_the_star_that_forms_show_or_hide(self):
        self.assertInHTML(
            '<label for="id_name">Name<span class="required"> *</span></label>',
            rendered(self.form, "name"),
        )

    def test_a_hidden_field_is_only_its_input(self):
        self.assertEqual(
            parse_html(rendered(self.form, "version")),
            parse_html('<input type="hidden" name="version" id="id_version">'),
        )

    def test_a_field_someone_else_changed_is_marked_stale(self):
        self.form.stale_fields = ["note"]
        self.assertIn('<div class="field stale">', rendered(self.form, "note"))
        self.assertIn('<div class="field">', rendered(self.form, "name"))
