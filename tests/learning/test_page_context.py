"""The page models get their context builders from LearningConfig.ready(), never by importing views_pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from learning import models, views_pages
from learning.forms import ScormLessonPageForm


def test_ready_registers_the_page_context_builders():
    assert models.PAGE_CONTEXT_BUILDERS == {
        "catalogue": views_pages.catalogue_context,
        "course": views_pages.course_context,
        "lesson": views_pages.lesson_context,
        "scorm_lesson": views_pages.scorm_lesson_context,
    }


def test_ready_gives_the_scorm_lesson_its_upload_form():
    assert models.ScormLessonPage.base_form_class is ScormLessonPageForm


def test_a_page_without_a_registered_builder_fails_loudly(monkeypatch):
    monkeypatch.setattr(models, "PAGE_CONTEXT_BUILDERS", {})
    with pytest.raises(ImproperlyConfigured):
        models._page_context("lesson", lesson=None, course=None, request=None)
