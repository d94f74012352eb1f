"""Every periodic task in the beat schedule names a task a worker knows, and the housekeeping jobs are scheduled."""

from django.conf import settings

from config.celery import app


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    unknown = {
        name: entry["task"] for name, entry in settings.CELERY_BEAT_SCHEDULE.items() if entry["task"] not in app.tasks
    }
    assert unknown == {}


def test_lost_contact_logs_are_purged_nightly():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "compliance.tasks.contact_import_stale_purge_task" in tasks
