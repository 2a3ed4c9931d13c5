"""The call log's filtered lists read a page straight from an index, in the log's order.

The filter indexes end with the id, as the log is ordered by (-started_at, -id): without
it SQLite walks the whole organisation's log to find a district's or the risk calls.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("hotline", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="call", name="call_topic_idx"),
        migrations.RemoveIndex(model_name="call", name="call_district_idx"),
        migrations.RemoveIndex(model_name="call", name="call_risk_idx"),
        migrations.AddIndex(
            model_name="call",
            index=models.Index(
                fields=["organisation", "topic", "-started_at", "-id"], name="call_topic_log_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="call",
            index=models.Index(
                fields=["organisation", "district", "-started_at", "-id"],
                name="call_district_log_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="call",
            index=models.Index(
                fields=["organisation", "risk_flag", "-started_at", "-id"],
                name="call_risk_log_idx",
            ),
        ),
    ]
