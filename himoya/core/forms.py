"""The sample form of the style guide: shows a field with an error and the error summary."""

from django import forms
from django.utils.translation import gettext_lazy as _

SAMPLE_DISTRICTS = [("hisor", "Ҳисор"), ("qubodiyon", "Қубодиён"), ("jayhun", "Ҷайҳун")]


class StyleguideSampleForm(forms.Form):
    """Made-up fields; the style guide binds it to empty answers so each error shows."""

    name = forms.CharField(label=_("Name"), max_length=100)
    district = forms.ChoiceField(
        label=_("District"), choices=SAMPLE_DISTRICTS, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Made-up help text under the label."),
    )

    @classmethod
    def with_errors(cls):
        """The form as it comes back from a sending with nothing filled in."""
        form = cls(data={"note": ""})
        form.is_valid()
        form.add_error(None, _("Made-up error about the form as a whole."))
        return form
