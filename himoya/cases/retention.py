"""Retention of the cases' clients: a client whose every case closed more than
HIMOYA_RETENTION_YEARS ago is anonymised (himoya.clients.retention), and the files
attached to her cases are deleted.

Registered as a retention task in CasesConfig.ready(): `himoya retention run` runs it
(and `--dry-run` only lists what it would do).
"""

from django.db import models, transaction
from django.db.models import Q

from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.cases import attachment_files
from himoya.cases.models import Attachment, Case, CaseStatus
from himoya.clients.models import Client
from himoya.clients.retention import AnonymisationPlan, count_client_records, erase_client
from himoya.core.retention import cutoff


def due_clients(now=None, years=None):
    """Clients not yet anonymised whose every case is closed, and closed before the cutoff."""
    limit = cutoff(now, years)
    still_held = Case.objects.filter(
        ~Q(status=CaseStatus.CLOSED) | Q(closed_at__isnull=True) | Q(closed_at__gt=limit)
    ).values("client_id")
    return (
        Client.objects.filter(anonymised_at__isnull=True, pk__in=Case.objects.values("client_id"))
        .exclude(pk__in=still_held)
        .select_related("organisation")
        .order_by("pk")
    )


def _attachments_of(client):
    return Attachment.objects.filter(case__client=client)


def plan_for(client) -> AnonymisationPlan:
    last_closed = client.cases.aggregate(models.Max("closed_at"))["closed_at__max"]
    plan = AnonymisationPlan(client=client, last_closed=last_closed)
    plan.records = count_client_records(client)
    plan.attachments = _attachments_of(client).count()
    return plan


def anonymise(client, *, actor=None) -> AnonymisationPlan:
    """Destroy the client's identifying data; keep statistics. One transaction; the
    attachment files are deleted once it commits."""
    with transaction.atomic():
        client = Client.objects.select_for_update().select_related("organisation").get(pk=client.pk)
        plan = plan_for(client)
        storage_names = list(_attachments_of(client).values_list("storage_name", flat=True))
        _attachments_of(client).delete()
        erase_client(client)
        record(
            AuditAction.RECORD_CHANGED,
            actor=actor,
            organisation=client.organisation,
            obj=client,
            detail={
                "what": "client_anonymised",
                "client": client.code,
                "records": plan.records,
                "attachments": plan.attachments,
            },
        )
        transaction.on_commit(lambda: [attachment_files.remove(name) for name in storage_names])
    return plan


def describe(plan) -> str:
    records = ", ".join(f"{count} {label}" for label, count in sorted(plan.records.items()))
    closed = plan.last_closed.date().isoformat() if plan.last_closed else "?"
    return (
        f"{plan.client.code} ({plan.client.organisation.slug}; last case closed {closed}): "
        f"{records or 'no records'}; {plan.attachments} attachment files"
    )


def anonymise_due_clients(write, *, dry_run: bool, years: int) -> None:
    """The retention task: anonymise (or, in a dry run, list) every due client."""
    done = 0
    for client in list(due_clients(years=years)):
        plan = plan_for(client) if dry_run else anonymise(client)
        verb = "would anonymise" if dry_run else "anonymised"
        write(f"  {verb} {describe(plan)}")
        done += 1
    verb = "would be anonymised" if dry_run else "anonymised"
    write(f"OK: {done} clients {verb}")
