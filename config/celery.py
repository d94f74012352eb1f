"""The Celery application.

Without CELERY_BROKER_URL, tasks run in-process (task_always_eager), so the portal works on a
fresh machine with no broker. With it, a real worker (`make worker`) and beat (`make beat`) run them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("acredita")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
