"""Writing a bank's questions as GIFT or Moodle XML, for the command and the admin download."""

from __future__ import annotations

from dataclasses import dataclass

from certification.engine.gift_writer import write_gift
from certification.engine.moodle_xml_writer import write_moodle_xml
from certification.engine.questions import ImportedQuestion
from certification.models import QuestionBank
from certification.selectors import bank_category_descriptions, bank_questions_for_export

#: format → (file extension, content type)
EXPORT_FORMATS = {
    "gift": ("gift.txt", "text/plain; charset=utf-8"),
    "moodle-xml": ("xml", "application/xml; charset=utf-8"),
}
#: other names the command accepts
FORMAT_ALIASES = {"xml": "moodle-xml"}


@dataclass(frozen=True)
class BankExport:
    text: str
    written: int
    left_out: tuple[ImportedQuestion, ...]
    filename: str
    content_type: str


def bank_export(*, bank: QuestionBank, fmt: str) -> BankExport:
    fmt = FORMAT_ALIASES.get(fmt, fmt)
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    questions = bank_questions_for_export(bank=bank)
    if fmt == "gift":
        text, left_out = write_gift(questions)
    else:
        text, left_out = write_moodle_xml(questions, bank_category_descriptions(bank=bank))
    extension, content_type = EXPORT_FORMATS[fmt]
    return BankExport(
        text=text,
        written=len(questions) - len(left_out),
        left_out=left_out,
        filename=f"{bank.code}.{extension}",
        content_type=content_type,
    )
