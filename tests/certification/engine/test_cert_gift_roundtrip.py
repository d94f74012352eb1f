"""Export → import gives the same questions (issue #13 §1, round trip)."""

from dataclasses import replace
from decimal import Decimal as D

import pytest

from certification.engine.gift import parse_gift
from certification.engine.gift_writer import write_gift
from certification.engine.questions import (
    Choice,
    ImportedQuestion,
    QuestionSnapshot,
    QuestionType,
)
from tests.certification.engine.test_cert_gift import GOOD
from tests.certification.engine.test_cert_gift_moodle import MOODLE_STYLE


def _comparable(report):
    return [replace(q, line=None) for q in report.questions]


@pytest.mark.parametrize("source", [GOOD, MOODLE_STYLE], ids=["acredita", "moodle-style"])
def test_written_gift_reads_back_as_the_same_questions(source):
    first = parse_gift(source)
    assert first.errors == ()
    text, left_out = write_gift(first.questions)
    assert left_out == ()
    second = parse_gift(text)
    assert second.errors == ()
    assert _comparable(second) == _comparable(first)
    # and writing again gives the same text
    assert write_gift(second.questions)[0] == text


def test_every_special_character_tags_id_and_catch_all_survive():
    q = ImportedQuestion(
        name="Símbolos: a=b",
        category=("Cobranza/Mora", "México"),
        tags=("cobranza", "plazo]"),
        id_number="MX-1",
        question=QuestionSnapshot(
            key="",
            type=QuestionType.SINGLE,
            text="¿Qué {llaves} y #almohadillas ~tildes\ny líneas?",
            text_format="html",
            choices=(
                Choice(key="c1", text="a\\b", fraction=D(1), feedback="bien: sí"),
                Choice(key="c2", text="c=d", fraction=D("-0.3333333"), feedback=""),
            ),
            general_feedback="Ver {anexo}",
        ),
    )
    text, _ = write_gift([q])
    (back,) = parse_gift(text).questions
    assert replace(back, line=None) == q


def test_ordering_and_scenario_questions_are_left_out_and_named():
    q = ImportedQuestion(
        name="Orden",
        category=(),
        question=QuestionSnapshot(
            key="",
            type=QuestionType.ORDERING,
            text="Ordene",
            choices=(Choice(key="a", text="uno"), Choice(key="b", text="dos")),
        ),
    )
    text, left_out = write_gift([q])
    assert (text, left_out) == ("", (q,))
