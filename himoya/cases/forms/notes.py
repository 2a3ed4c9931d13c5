"""The form of a case note."""

from django import forms
from django.utils.translation import gettext_lazy as _

from himoya.cases.forms.common import TEXT_MAX


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
