"""Translatable text for the error codes of the learning services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "lesson_not_in_course": _("This lesson is not part of the course."),
    "not_allowed": _("Your role may not assign training."),
    "due_date_past": _("The due date %(date)s is in the past. Choose today or a later date."),
}
