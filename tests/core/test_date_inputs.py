"""A date picker shows its date in Spanish as in English: `<input type="date">` only understands ISO values."""

import datetime as dt
import inspect

import pytest
from django import forms
from django.utils import translation

import compliance.forms
import core.forms
import incentives.forms
import kpi.forms
import learning.forms
from core.forms import CampaignAssignForm, DateInput, TeamMoveForm


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_date_given_as_initial_value_reaches_the_picker_as_iso(language):
    with translation.override(language):
        assign = str(CampaignAssignForm(initial={"start": dt.date(2026, 12, 2)})["start"])
        move = str(TeamMoveForm(initial={"start": dt.date(2026, 3, 9)})["start"])
    assert 'type="date"' in assign and 'value="2026-12-02"' in assign
    assert 'value="2026-03-09"' in move


def test_every_date_field_of_the_portals_forms_uses_the_iso_picker():
    plain = []
    for module in (core.forms, learning.forms, kpi.forms, incentives.forms, compliance.forms):
        for name, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, forms.BaseForm) or form.__module__ != module.__name__:
                continue
            for field_name, field in form.base_fields.items():
                if isinstance(field, forms.DateField) and not isinstance(field.widget, DateInput):
                    plain.append(f"{module.__name__}.{name}.{field_name}")
    assert plain == []
