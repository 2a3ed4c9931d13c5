"""The project's form renderer: one template for every form field.

A field rendered with ``{{ field.as_field_group }}`` (and every field of ``{{ form.as_div }}``)
goes through ``core/forms/field.html``: label, help text, widget and errors in the same order
and markup on every page. Django gives the widget ``aria-invalid`` and an ``aria-describedby``
naming ``<auto_id>_helptext`` and ``<auto_id>_error``; the template puts those ids on the help
text and the error list, so the references always resolve. Selected by ``FORM_RENDERER``.
"""

from django.forms.renderers import DjangoTemplates


class FieldTemplateRenderer(DjangoTemplates):
    """Django's default renderer with the project's field template."""

    field_template_name = "core/forms/field.html"
