"""The inbox with every status ("all") in its order: urgency, then oldest first."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                fields=["to_organisation", "urgency", "sent_at", "id"],
                name="referral_inbox_all_idx",
            ),
        ),
    ]
