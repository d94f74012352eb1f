"""One date format per profile (#18): the former "auto" (ISO or dd/mm/yyyy) read ``11/05/2026``
as 11 May whatever the source meant. Profiles on "auto" now take ISO dates only, the canonical
profile's name says so; a source writing day-first dates must say dd/mm/yyyy in its profile."""

from django.db import migrations, models


def one_format(apps, schema_editor):
    FeedProfile = apps.get_model("kpi", "FeedProfile")
    FeedProfile.objects.filter(date_format="auto").update(date_format="yyyy-mm-dd")
    FeedProfile.objects.filter(code="canonico", name="Formato canónico (CSV UTF-8, ISO o dd/mm/aaaa)").update(
        name="Formato canónico (CSV UTF-8, fechas aaaa-mm-dd)"
    )


class Migration(migrations.Migration):
    dependencies = [("kpi", "0005_one_load_per_file")]

    operations = [
        migrations.AlterField(
            model_name="feedprofile",
            name="date_format",
            field=models.CharField(
                choices=[
                    ("yyyy-mm-dd", "yyyy-mm-dd (ISO)"),
                    ("dd/mm/yyyy", "dd/mm/yyyy (day first)"),
                    ("mm/dd/yyyy", "mm/dd/yyyy (month first)"),
                ],
                default="yyyy-mm-dd",
                help_text="One format per profile: a date written otherwise is refused, never read another way.",
                max_length=12,
                verbose_name="date format",
            ),
        ),
        migrations.RunPython(one_format, migrations.RunPython.noop),
    ]
