"""The blocks that reload themselves while work runs (a run's calculation, a KPI import) share one
polling include and one progress bar: they poll while unfinished and stop once finished."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

POLLING_PARTIALS = ("incentives/includes/run_progress.html", "kpi/partials/import_status.html")


def test_a_computing_run_polls_every_two_seconds_and_shows_its_progress():
    html = render_to_string(
        "incentives/includes/run_progress.html", {"run": SimpleNamespace(pk=7, computing=True, progress=40)}
    )

    assert f'hx-get="{reverse("incentives:run_progress", args=[7])}"' in html
    assert 'hx-trigger="every 2s" hx-swap="outerHTML"' in html
    assert 'aria-valuenow="40"' in html and 'data-pct="40"' in html
    assert "% complete" not in html and "% completado" not in html


def test_a_finished_run_stops_polling():
    html = render_to_string(
        "incentives/includes/run_progress.html",
        {"run": SimpleNamespace(pk=7, computing=False, failure="", computed_at=None, progress=100)},
    )

    assert "hx-get" not in html and "progressbar" not in html


def test_both_polling_partials_use_the_shared_include_and_write_no_htmx_polling_of_their_own():
    for name in POLLING_PARTIALS:
        source = (Path(settings.BASE_DIR) / "templates" / name).read_text()
        assert 'include "includes/poll.html"' in source, name
        assert 'include "includes/progress.html"' in source, name
        assert "hx-trigger" not in source and 'class="progress"' not in source, name
