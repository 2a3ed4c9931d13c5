"""Template helpers of the site's frame (base.html): language switcher, navigation."""

from django import forms, template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from himoya.core import registry

register = template.Library()

NATIVE_NAMES = {"tg": "Тоҷикӣ", "ru": "Русский", "en": "English"}


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in each language, for the switcher; plain links work without JS."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    return [
        {
            "code": code,
            "name": NATIVE_NAMES[code],
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.simple_tag
def nav_link_templates() -> list[str]:
    """The templates of the navigation links that apps registered (core.registry), in order."""
    return [link.template for link in registry.nav_links()]


@register.filter
def error_anchor(bound_field) -> str:
    """The id of the element an error summary's link to this field moves to ("" if none).

    The field's own input; for a group of radios or checkboxes, the element that wraps the
    choices (Django gives it the field's id); for a field of several inputs (a date and a
    time), its first input. A hidden field has nothing to move to.
    """
    if bound_field.is_hidden or not bound_field.auto_id:
        return ""
    widget = bound_field.field.widget
    if isinstance(widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id
