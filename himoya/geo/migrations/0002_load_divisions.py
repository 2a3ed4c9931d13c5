from django.db import migrations


def load(apps, schema_editor):
    from himoya.geo.reference import load_divisions

    load_divisions(apps.get_model("geo", "Region"), apps.get_model("geo", "District"),
                   apps.get_model("geo", "Jamoat"))


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
