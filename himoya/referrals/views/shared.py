"""How the receiving side's page shows the shared view, and says why it is gone."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from himoya.cases.models import RiskLevel
from himoya.clients.models import AgeGroup, Sex
from himoya.directory.search import NEEDS
from himoya.referrals.access import sender_case_closed
from himoya.referrals.models import ReferralStatus


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or "—"


def need_labels(keys) -> list[str]:
    return [str(NEEDS[key][0]) if key in NEEDS else key for key in keys]


def _safe_contact_rows(safe_contact: dict) -> list[tuple[str, str]]:
    may_call = safe_contact.get("may_call")
    rows = [
        (
            _("May be called"),
            _("not known") if may_call is None else _("yes") if may_call else _("no"),
        ),
    ]
    if "may_visit" in safe_contact:
        rows.append((_("May be visited"), _("yes") if safe_contact["may_visit"] else _("no")))
    for key, label in (
        ("call_times", _("When to call")),
        ("code_word", _("Code word")),
        ("notes", _("Other instructions")),
    ):
        if safe_contact.get(key):
            rows.append((label, safe_contact[key]))
    return rows


def shared_rows(view) -> list[tuple[str, str]]:
    """(label, value) of each item of the shared view, in the order the page shows them."""
    rows = [
        (_("Client code"), view.client_code),
        (_("Sex"), _label(Sex, view.sex)),
        (_("Age group"), _label(AgeGroup, view.age_group)),
        (_("District"), view.district.name if view.district else "—"),
        (_("Needs"), ", ".join(need_labels(view.needs)) or "—"),
        (_("Service requested"), view.service.name),
        (_("Risk level"), _label(RiskLevel, view.risk_level)),
    ]
    if view.safe_contact is not None:
        rows.extend(_safe_contact_rows(view.safe_contact))
    return rows


def closed_notice(referral) -> str:
    """Why the receiving side no longer sees the sender's shared details."""
    notices = {
        ReferralStatus.WITHDRAWN: _(
            "The sending organisation withdrew this referral: the client's shared details "
            "are no longer available to you."
        ),
        ReferralStatus.DECLINED: _(
            "Your organisation declined this referral: the client's shared details are no "
            "longer available to you."
        ),
        ReferralStatus.COMPLETED: _(
            "The service was delivered and the referral is closed: the client's shared "
            "details are no longer available here. Your own case keeps your record."
        ),
        ReferralStatus.EXPIRED: _(
            "This referral expired without an answer: the client's shared details are no "
            "longer available to you."
        ),
    }
    if sender_case_closed(referral):
        if referral.status == ReferralStatus.WITHDRAWN:
            return _(
                "The sending organisation closed the case and withdrew this referral: the "
                "client's shared details are no longer available to you."
            )
        if referral.status == ReferralStatus.ACCEPTED:
            return _(
                "The sending organisation closed its case: its shared details are no longer "
                "available to you. Your own case keeps your record."
            )
        if referral.status == ReferralStatus.SENT:
            return _(
                "The sending organisation closed the case: this referral can no longer "
                "be accepted."
            )
    if referral.status in notices:
        return notices[referral.status]
    if referral.status == ReferralStatus.ACCEPTED:
        return _(
            "The client withdrew her consent to share her details with your organisation: "
            "they are no longer available to you. Your own case keeps your record."
        )
    return _(
        "The client withdrew her consent to share her details with your organisation: "
        "they are no longer available to you, and the referral cannot be accepted."
    )


def duration_text(value) -> str:
    """A timedelta in days and hours, the way people say how long something took."""
    if value is None:
        return "—"
    hours = int(value.total_seconds() // 3600)
    days, hours = divmod(hours, 24)
    parts = []
    if days:
        parts.append(ngettext("%(count)d day", "%(count)d days", days) % {"count": days})
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    return ", ".join(parts) or _("less than an hour")


def duration_after(value) -> str:
    """How long after sending something happened, as one phrase ("after 2 days");
    under an hour, "within the hour" (Russian cannot say "after less than an hour")."""
    if value is not None and value.total_seconds() < 3600:
        return _("within the hour")
    return _("after %(duration)s") % {"duration": duration_text(value)}
