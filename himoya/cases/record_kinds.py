"""Labels for the record kinds ("what") stored in audit entries of a case.

The audit detail keeps a stable English key; the "who opened this case" table shows
these labels in the reader's language instead.
"""

from django.utils.translation import gettext_lazy as _

RECORD_KIND_LABELS = {
    "case": _("case"),
    "closure": _("closure"),
    "client": _("client details"),
    "client_anonymised": _("client details anonymised"),
    "consent": _("consent"),
    "consents": _("consents"),
    "consent_given": _("consent given"),
    "consent_withdrawn": _("consent withdrawn"),
    "incident": _("incident"),
    "incidents": _("incidents"),
    "risk": _("risk assessments"),
    "risk_assessment": _("risk assessment"),
    "risk_assessments": _("risk assessments"),
    "safety_plan": _("safety plan"),
    "plan": _("case plan"),
    "case_plan": _("case plan"),
    "case_action": _("case plan action"),
    "services": _("services delivered"),
    "service_delivery": _("service delivered"),
    "follow_up": _("follow-up"),
    "follow_ups": _("follow-ups"),
    "note": _("note"),
    "notes": _("notes"),
    "attachment": _("attachment"),
    "attachments": _("attachments"),
    "case_print": _("case summary printed"),
}


def record_kind_label(what) -> str:
    """The translated label of a record kind; an unknown key is shown readably, not raw."""
    if not what:
        return ""
    label = RECORD_KIND_LABELS.get(what)
    return str(label) if label is not None else str(what).replace("_", " ")
