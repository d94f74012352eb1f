"""A SCORM lesson in the browser: the agent opens it, saves progress in the package, closes the page,
reopens it and resumes where they left (location and suspend data restored), finishes it, and sees the
lesson completed and the course's progress move. Packages are built by tests/learning/scorm_packages.py
and imported with `manage.py import_scorm` into the live portal."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.e2e.conftest import PORTAL_ENV, ROOT
from tests.learning.scorm_packages import scorm_zip


def _progress(page) -> int:
    return int(
        page.locator("#lesson-status [role=progressbar], [role=progressbar]").first.get_attribute("aria-valuenow")
    )


def _import(tmp_path, version: str, course: str, slug: str) -> str:
    package = tmp_path / f"scorm-{version}.zip"
    package.write_bytes(scorm_zip(version))
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "import_scorm",
            str(package),
            "--course",
            course,
            "--slug",
            slug,
            "--title",
            f"Módulo interactivo SCORM {version}",
        ],
        env=PORTAL_ENV,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return f"/academia/{course}/{slug}/"


@pytest.mark.parametrize(
    ("version", "course"), [("1.2", "estres-burnout-y-autocuidado"), ("2004", "empatia-y-escucha-activa")]
)
def test_an_agent_resumes_and_completes_a_scorm_lesson(page, login, axe, live_portal, tmp_path, version, course):
    lesson_url = _import(tmp_path, version, course, f"modulo-scorm-{version.replace('.', '')}")
    login(page, "agente")
    page.goto(f"/academia/{course}/")
    before = _progress(page)

    page.goto(lesson_url)
    frame = page.frame_locator("#scorm-frame")
    frame.locator("#status").filter(has_text="incomplete").or_(
        frame.locator("#status").filter(has_text="not attempted")
    ).or_(frame.locator("#status").filter(has_text="unknown")).wait_for()
    assert frame.locator("#location").inner_text() == "(ninguna)"
    assert page.get_by_text("Esta lección se completa cuando termine su contenido.").is_visible()
    violations = axe(page)
    assert violations == [], violations
    frame.get_by_role("button", name="Guardar avance").click()
    frame.locator("#status", has_text="guardado").wait_for()
    frame.get_by_role("button", name="Responder").click()
    frame.locator("#status", has_text="respondido").wait_for()

    # close the page, open the lesson again in a new one: the package resumes where it was left
    context = page.context
    page.close()
    page = context.new_page()
    page.goto(lesson_url)
    assert page.get_by_text("Continúa donde lo dejó.").is_visible()
    frame = page.frame_locator("#scorm-frame")
    frame.locator("#location", has_text="pagina-2").wait_for()
    assert frame.locator("#suspend").inner_text() == "respuesta=b"

    frame.get_by_role("button", name="Terminar").click()
    frame.locator("#status", has_text="terminado").wait_for()
    page.locator("#lesson-status").get_by_text("Lección completada").wait_for()
    assert _progress(page) > before

    page.goto(f"/academia/{course}/")
    assert _progress(page) > before
    page.close()
