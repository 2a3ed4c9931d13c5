from django import template

from himoya.directory.models import Language

register = template.Library()


@register.filter
def language_names(codes) -> str:
    """["tg", "ru"] -> "Tajik, Russian" in the active language."""
    labels = dict(Language.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or [])
