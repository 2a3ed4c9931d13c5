"""Helpers for records whose text is stored in Tajik, Russian and English columns."""

from django.db import models
from django.utils.translation import get_language

FALLBACK_ORDER = ("tg", "ru", "en")


def current_language() -> str:
    code = (get_language() or "tg").split("-")[0]
    return code if code in FALLBACK_ORDER else "tg"


class TranslatedTextMixin(models.Model):
    """Read `field_tg` / `field_ru` / `field_en` in the active language with fallback."""

    class Meta:
        abstract = True

    def translated(self, field: str) -> str:
        language = current_language()
        for code in (language, *FALLBACK_ORDER):
            value = getattr(self, f"{field}_{code}", "")
            if value:
                return value
        return ""

    @property
    def name(self) -> str:
        return self.translated("name")
