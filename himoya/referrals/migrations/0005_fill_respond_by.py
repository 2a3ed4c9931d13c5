"""Give every existing referral its response deadline, as send_referral now does."""

from django.db import migrations

from himoya.referrals.deadlines import response_deadline


def fill(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    pending = Referral.objects.filter(respond_by__isnull=True).only(
        "id", "urgency", "sent_at", "expires_at"
    )
    batch = []
    for referral in pending.iterator(chunk_size=2000):
        referral.respond_by = response_deadline(
            referral.urgency, referral.sent_at, referral.expires_at
        )
        batch.append(referral)
        if len(batch) >= 2000:
            Referral.objects.bulk_update(batch, ["respond_by"])
            batch = []
    if batch:
        Referral.objects.bulk_update(batch, ["respond_by"])


class Migration(migrations.Migration):
    dependencies = [("referrals", "0004_referral_response_deadline")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
