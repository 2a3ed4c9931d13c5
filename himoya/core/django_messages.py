"""Django's own validation messages that our pages and API show, for our catalogs.

Django's Tajik catalog lacks these, so Tajik pages showed them in English. Listing the
exact msgids here keeps them in himoya/core/locale (makemessages finds them), where they
are translated; an app's catalog takes precedence over Django's own. Nothing calls this
module's names: importing it is not needed for the translations to apply.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

FORM_MESSAGES = (
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
)

PASSWORD_MESSAGES = (
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
)

# Plural messages: Django looks them up with ngettext, so the catalog needs the pair.
PLURAL_MESSAGES = (
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
)
