"""Contact logs uploaded before the portal deleted their bytes: delete the files of the finished
ones (they hold debtors' accounts and numbers in clear). Name, size, SHA-256, counts and errors
stay; a log still waiting keeps its file until it is processed (which then deletes it)."""

from django.db import migrations
from django.utils import timezone

FINAL = ("validated", "loaded", "rejected", "duplicate", "failed")


def delete_files(apps, schema_editor):
    ContactImport = apps.get_model("compliance", "ContactImport")
    now = timezone.now()
    for row in ContactImport.objects.filter(status__in=FINAL).exclude(file="").iterator():
        row.file.storage.delete(row.file.name)
        ContactImport.objects.filter(pk=row.pk).update(file="", file_deleted_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0003_contact_log_uploaded_batch"),
    ]

    operations = [
        migrations.RunPython(delete_files, migrations.RunPython.noop),
    ]
