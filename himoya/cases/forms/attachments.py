"""The upload form of an attachment (the file is checked by himoya.cases.attachment_files)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"), allow_empty_file=True)
