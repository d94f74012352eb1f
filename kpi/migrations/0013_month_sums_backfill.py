from django.db import migrations


def backfill(apps, schema_editor):
    # the same SQL the loads run (kpi.summary): table and column names come from the catalogue,
    # which this migration's schema (0012) follows
    from kpi.summary import month_sums_rebuild

    month_sums_rebuild()


class Migration(migrations.Migration):
    dependencies = [("kpi", "0012_month_sums")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
