from django.db import migrations

CODES = ["MX", "CO", "CL", "PE", "US"]


def create(apps, schema_editor):
    Jurisdiction = apps.get_model("learning", "Jurisdiction")
    for code in CODES:
        Jurisdiction.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
