from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("referrals", "0005_fill_respond_by")]

    operations = [
        migrations.AlterField(
            model_name="referral",
            name="respond_by",
            field=models.DateTimeField(verbose_name="answer by"),
        ),
    ]
