"""The filters of the inbox and the sent list: ?status= and ?overdue=1, an unknown
value is a 400."""

from django import forms
from django.utils.translation import gettext_lazy as _

from himoya.referrals.models import ReferralStatus

ALL = "all"


class StatusFilterForm(forms.Form):
    """?status= of the inbox and the sent list; an unknown value is a 400."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.ChoiceField(
        label=_("Overdue"),
        choices=[("", _("any")), ("1", _("overdue only"))],
        required=False,
    )

    def __init__(self, *args, default: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.default = default
        self.fields["status"].choices = [(ALL, _("all")), *ReferralStatus.choices]

    def chosen(self) -> str:
        return self.cleaned_data.get("status") or self.default

    def overdue_only(self) -> bool:
        """Only referrals still unanswered after their response deadline."""
        return self.is_valid() and self.cleaned_data.get("overdue") == "1"
