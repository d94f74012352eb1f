"""Reading question files (GIFT, Moodle XML) into an `ImportReport`, for the command and the
admin import view."""

from __future__ import annotations

from certification.engine.gift import parse_gift
from certification.engine.moodle_xml import parse_moodle_xml
from certification.engine.questions import ImportReport, ParseError

FORMATS = ("gift", "moodle-xml")


def parse_question_file(data: bytes, fmt: str) -> ImportReport:
    if fmt == "gift":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            return ImportReport(errors=(ParseError(code="gift.encoding", line=line, detail="not UTF-8"),))
        return parse_gift(text)
    if fmt == "moodle-xml":
        return parse_moodle_xml(data)
    raise ValueError(f"unknown format {fmt!r}")


def guess_format(filename: str) -> str:
    return "moodle-xml" if filename.lower().endswith(".xml") else "gift"
