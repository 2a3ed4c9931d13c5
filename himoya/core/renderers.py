"""The project's form renderer: one template for every form and every form field.

A field rendered with ``{{ field.as_field_group }}`` (and every field of ``{{ form }}`` or
``{{ form.as_div }}``) goes through ``core/forms/field.html``: label, help text, widget and
errors in the same order and markup on every page. Django gives the widget ``aria-invalid``
and an ``aria-describedby`` naming ``<auto_id>_helptext`` and ``<auto_id>_error``; the
template puts those ids on the help text and the error list, so the references always
resolve. A whole form (``{{ form }}`` or ``{{ form.as_div }}``) goes through
``core/forms/form.html``, which puts the error summary (``core/components/error_summary.html``:
"There is a problem", each error a link to its field) at the top. Selected by ``FORM_RENDERER``.
"""

from django.forms.renderers import DjangoTemplates

# Django's own template for {{ form.as_div }}: a form names it directly, not through the
# renderer's form_template_name, so the renderer hands out the project's form template for it.
DJANGO_DIV_TEMPLATE = "django/forms/div.html"


class FieldTemplateRenderer(DjangoTemplates):
    """Django's default renderer with the project's form and field templates."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"

    def get_template(self, template_name):
        if template_name == DJANGO_DIV_TEMPLATE:
            template_name = self.form_template_name
        return super().get_template(template_name)
