from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

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
