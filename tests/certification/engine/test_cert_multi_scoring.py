"""Multiple-answer scoring as a per-question setting (issue #13 §2): imported questions score as
Moodle does; Acredita's stricter rule (a chosen 0 % answer deducts) stays available."""

from dataclasses import replace
from decimal import Decimal as D

from certification.engine.gift import parse_gift
from certification.engine.grading import Response, grade_question
from certification.engine.moodle_xml import parse_moodle_xml
from certification.engine.moodle_xml_writer import write_moodle_xml
from certification.engine.questions import snapshot_from_dict, snapshot_to_dict

GIFT = "::Capitales:: ¿Cuáles son capitales? {~%50%Londres ~%50%París ~%0%Tokio ~%-100%Madrid-no}"


def _capitals():
    (q,) = parse_gift(GIFT).questions
    return replace(q.question, key="q")


def _chosen(q, *texts):
    return Response(choice_keys=frozenset(c.key for c in q.choices if c.text in texts))


def test_an_imported_multiple_answer_question_scores_as_moodle_does():
    q = _capitals()
    assert q.multi_scoring == "moodle"
    # Moodle: 50 + 50 + 0 = 100 %; before #13 Acredita gave 0.5 (it deducted for Tokio)
    assert grade_question(q, _chosen(q, "Londres", "París", "Tokio")).fraction == D(1)
    assert grade_question(q, _chosen(q, "Londres", "Madrid-no")).fraction == D(0)


def test_acreditas_rule_remains_a_setting_and_is_what_older_questions_keep():
    q = replace(_capitals(), multi_scoring="acredita")
    assert grade_question(q, _chosen(q, "Londres", "París", "Tokio")).fraction == D("0.5")
    stored = snapshot_to_dict(q)
    del stored["multi_scoring"]  # a question stored before the setting existed
    assert snapshot_from_dict(stored).multi_scoring == "acredita"


def test_xml_import_gives_moodles_rule_and_keeps_it_through_export():
    (item,) = parse_gift(GIFT).questions
    (back,) = parse_moodle_xml(write_moodle_xml([item])[0].encode()).questions
    assert back.question.multi_scoring == "moodle"
    assert snapshot_to_dict(back.question) == snapshot_to_dict(item.question)


def test_a_question_that_keeps_its_choice_order_is_not_shuffled():
    import random

    from certification.engine.blueprint import shuffle_snapshot

    q = replace(_capitals(), moodle=(("shuffleanswers", "false"),))
    order = [c.key for c in q.choices]
    for seed in range(5):
        assert shuffle_snapshot(q, rng=random.Random(seed), shuffle_choices=True)["choices"] == order


def test_the_review_shows_moodles_combined_feedback_for_the_result():
    from certification.presenters import combined_feedback

    q = replace(
        _capitals(),
        moodle=(("correctfeedback", "¡Todas!"), ("incorrectfeedback", "Revise"), ("partiallycorrectfeedback", "Casi")),
    )
    assert [combined_feedback(q, f) for f in ("1", "0.5", "0", None)] == ["¡Todas!", "Casi", "Revise", ""]
