"""Retention for the call log: a call's identifying details do not outlive their use.

Calls are anonymous by default. The call-back name and number, and the operator's
summary, are the only parts that may identify the caller; `himoya retention run` (the
retention task registered in HotlineConfig.ready()) blanks them once a call is older
than HIMOYA_RETENTION_YEARS, whether or not the call led to a client record (an
anonymous caller has none for client retention to follow).
The counting fields (date, topic, district, risk, what was done) stay for statistics.
"""

from django.db import transaction
from django.db.models import Count

from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.core.retention import cutoff
from himoya.core.versioning import next_version
from himoya.directory.models import Organisation
from himoya.hotline.models import Call

DETAIL_FIELDS = ("callback_name", "callback_phone", "summary")


def due_calls(now=None, years=None):
    """Calls started before the cutoff that still hold a call-back detail or a summary."""
    return Call.objects.filter(started_at__lt=cutoff(now, years)).exclude(
        callback_name="", callback_phone="", summary=""
    )


def due_by_organisation(now=None, years=None) -> dict[int, int]:
    """{organisation id: number of due calls}, for the dry run and the audit log."""
    rows = due_calls(now, years).values("organisation_id").annotate(calls=Count("pk"))
    return {row["organisation_id"]: row["calls"] for row in rows.order_by("organisation_id")}


def forget_call_details(now=None, years=None) -> dict[int, int]:
    """Blank the details of every due call; one audit entry per organisation, with the
    number of calls (the entry names no call: they are past use)."""
    limit = cutoff(now, years)
    with transaction.atomic():
        counts = due_by_organisation(now, years)
        # The version moves on, so an edit begun before this run is refused, not merged.
        due_calls(now, years).update(**dict.fromkeys(DETAIL_FIELDS, ""), version=next_version())
        for organisation in Organisation.objects.filter(pk__in=counts).order_by("pk"):
            record(
                AuditAction.RECORD_CHANGED,
                organisation=organisation,
                object_type="hotline.call",
                detail={
                    "what": "call_details_removed",
                    "calls": counts[organisation.pk],
                    "started_before": limit.date().isoformat(),
                },
            )
    return counts


def forget_old_call_details(write, *, dry_run: bool, years: int) -> None:
    """The retention task: blank (or, in a dry run, count) the call-back details and
    summaries of the calls past the cutoff, reported per organisation."""
    counts = due_by_organisation(years=years) if dry_run else forget_call_details(years=years)
    slugs = dict(Organisation.objects.filter(pk__in=counts).values_list("pk", "slug"))
    for organisation_id, calls in counts.items():
        verb = "would blank" if dry_run else "blanked"
        write(
            f"  {verb} the call-back details and summaries of {calls} calls "
            f"({slugs[organisation_id]})"
        )
    verb = "would have their details blanked" if dry_run else "had their details blanked"
    write(f"OK: {sum(counts.values())} calls {verb}")
