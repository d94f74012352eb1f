"""Real PDFs inspected with poppler's command-line tools (``poppler-utils``).

A machine without them skips these checks (the README's `make test` needs nothing but Python);
CI installs them and runs with ``REQUIRE_SERVICES=1``, where a missing tool is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"{name} (poppler-utils) is required with REQUIRE_SERVICES=1")
        pytest.skip(f"needs {name} from poppler-utils")
    return path


def pdf_text(data: bytes, *, layout: bool = False) -> str:
    """The text ``pdftotext`` reads from a PDF."""
    tool = _tool("pdftotext")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "document.pdf"
        path.write_bytes(data)
        args = [tool, *(["-layout"] if layout else []), str(path), "-"]
        return subprocess.run(args, capture_output=True, check=True, text=True).stdout


def pdf_first_page_png(data: bytes, out_dir: Path, *, dpi: int = 150) -> Path:
    """The first page rendered by ``pdftoppm`` as a PNG in ``out_dir``."""
    tool = _tool("pdftoppm")
    pdf_path = out_dir / "document.pdf"
    pdf_path.write_bytes(data)
    subprocess.run([tool, "-r", str(dpi), "-png", "-singlefile", str(pdf_path), str(out_dir / "page")], check=True)
    return out_dir / "page.png"
