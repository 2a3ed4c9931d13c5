"""The answers on a referral's page: accept, decline, withdraw, record the service.

The forms on one referral page carry prefixes ("accept-", "decline-", ...) so that
several can share a page. Each write form carries the version of the referral as
shown; a tampered version is a form error (HiddenVersionFormMixin), a stale one is
refused by the service with what changed meanwhile.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from himoya.accounts.models import User
from himoya.cases.forms.common import DATE_WIDGET
from himoya.clients.models import ConsentMethod
from himoya.core.versioning import HiddenVersionFormMixin, version_field
from himoya.referrals.models import DeclineReason

NOTE_MAX = 2000


class AcceptForm(HiddenVersionFormMixin, forms.Form):
    version = version_field()
    caseworker = forms.ModelChoiceField(
        label=_("Caseworker for the client"),
        queryset=User.objects.none(),
        empty_label=None,
        help_text=_("Your organisation's own case for the client will be assigned to them."),
    )
    services_consent = forms.ChoiceField(
        label=_("The client consented to our services"),
        required=False,
        widget=forms.RadioSelect,
        choices=[("", _("not yet")), *ConsentMethod.choices],
    )

    def __init__(self, *args, caseworkers=None, **kwargs):
        """`caseworkers`: the people a supervisor may assign; None for a caseworker,
        who is assigned the new case themself."""
        super().__init__(*args, **kwargs)
        if caseworkers is None:
            del self.fields["caseworker"]
        else:
            self.fields["caseworker"].queryset = caseworkers


class DeclineForm(HiddenVersionFormMixin, forms.Form):
    version = version_field()
    reason = forms.ChoiceField(
        label=_("Reason"), choices=DeclineReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the reason is “other”."),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == DeclineReason.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Say why, in a few words."))
        return data


class WithdrawForm(HiddenVersionFormMixin, forms.Form):
    version = version_field()
    note = forms.CharField(
        label=_("Reason for withdrawing (kept at your organisation)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ServiceRecordForm(forms.Form):
    """The service delivered, recorded in the receiving organisation's own case."""

    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    notes = forms.CharField(
        label=_("Notes (kept in your own case)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, referral, **kwargs):
        """The date picker offers the days from the referral's sending to today; the
        service layer refuses any other date, whatever the browser sends."""
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs.update(
            min=timezone.localdate(referral.sent_at).isoformat(),
            max=timezone.localdate().isoformat(),
        )
