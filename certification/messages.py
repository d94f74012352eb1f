"""Translatable text for the error codes of the certification services and engines."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.errors import error_text

MESSAGES = {
    "exam.inactive": _("This exam is not open."),
    "exam.not_available": _("This exam is outside its availability window."),
    "exam.prerequisites": _("Complete the required courses of this specialisation before taking the exam."),
    "exam.attempt_limit": _("You have used every attempt allowed in 30 days. Next attempt from %(next_at)s."),
    "exam.cooldown": _("Wait before trying again: next attempt from %(until)s."),
    "exam.pool_too_small": _(
        "The exam cannot be drawn: section “%(section)s” needs %(needed)s questions and has %(available)s."
    ),
    "attempt.closed": _("This attempt is closed; answers after the deadline are not accepted."),
    "attempt.bad_response": _("The form contained an answer that does not belong to this attempt."),
    "not_allowed": _("Your role may not do this."),
    "certificate.reason_required": _("Give a reason."),
    "regrade.no_version": _("The question has no version to regrade with."),
    "certificate.not_active": _("This certificate is already %(status)s."),
    "certificate.not_passed": _("Only a passing attempt earns a certificate."),
    "question.not_auto_gradable": _("Only auto-gradable questions can be stored (got %(type)s)."),
    "import.has_errors": _("The file has %(count)s errors; nothing was imported."),
    "import.duplicate_id_number": _(
        "The id number “%(id_number)s” is already used by “%(other)s” in this file; an id number names one question."
    ),
    "essay.not_pending": _("This attempt is not waiting for marking."),
    "essay.not_an_essay": _("Only essay questions are marked by hand."),
    "essay.bad_mark": _("The mark must be between 0 and 100 %%."),
    "question.id_number_taken": _("Another question of this bank has the id number “%(id_number)s”."),
    # GIFT
    "gift.unclosed_title": _("The title has no closing “::”."),
    "gift.unexpected_close_brace": _("“}” without an opening “{”."),
    "gift.unclosed_brace": _("“{” is never closed."),
    "gift.nested_brace": _("“{” inside an answer block (escape it as \\{)."),
    "gift.multiple_answer_blocks": _(
        "More than one answer block in one question (separate questions with a blank line)."
    ),
    "gift.empty_question_text": _("The question has no text."),
    "gift.unknown_answer_format": _("Answers must start with “=”, “~”, “#” or be T/F (found “%(text)s”)."),
    "gift.bad_weight": _(
        "A weight must be one of Moodle's grades, as a percentage like %50%: 100, 90, 83.33333, 80, 75, 70, "
        "66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5 or 0, "
        "or one of them negative."
    ),
    "gift.empty_answer": _("An answer is empty."),
    "gift.too_few_choices": _("A multiple-choice question needs at least two choices."),
    "gift.no_correct_answer": _("No answer is marked correct."),
    "gift.matching_malformed_pair": _("A matching pair must look like “=question -> answer”."),
    "gift.matching_too_few_pairs": _("A matching question needs at least two pairs."),
    "gift.bad_number": _("“%(value)s” is not a number (use 3.5, 3.5:0.1 or 1..5)."),
    "gift.bad_range": _("The range %(low)s..%(high)s is inverted."),
    "gift.bad_category": _("$CATEGORY: needs a category name."),
    "gift.encoding": _("The file is not UTF-8 text."),
    # Moodle's grade rules (GIFT and Moodle XML)
    "grades.not_a_moodle_grade": _(
        "The grade “%(value)s” %% is not one of Moodle's grades (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, "
        "50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0 or one of them negative)."
    ),
    "grades.single_without_full_marks": _("One answer must be worth 100 %% so the question can be fully right."),
    "grades.multi_not_100": _("The positive grades of the answers add up to %(total)s %%, not 100 %%."),
    # Moodle XML
    "xml.malformed": _("The file is not well-formed XML."),
    "xml.bad_file": _("The embedded file “%(name)s” is not valid base64 data of at most 5 MB with a plain name."),
    "import.bad_file": _("The embedded file “%(name)s” could not be stored: %(reason)s"),
    "xml.forbidden_construct": _("The file uses XML entities or DTDs, which are not accepted."),
    "xml.not_a_quiz": _("The root element must be <quiz>."),
    "xml.bad_fraction": _("Invalid fraction “%(value)s”."),
    "xml.bad_number": _("Invalid number “%(value)s” in %(field)s."),
    "xml.too_few_choices": _("A multiple-choice question needs at least two answers."),
    "xml.empty_answer": _("An answer is empty."),
    "xml.no_correct_answer": _("No answer is marked correct."),
    "xml.bad_truefalse": _("A true/false question needs one “true” and one “false” answer."),
    "xml.matching_malformed_pair": _("Matching pair %(pair)s has no answer."),
    "xml.matching_too_few_pairs": _("A matching question needs at least two pairs."),
    "xml.empty_question_text": _("The question has no text."),
}


def message_for(code: str, params: dict | None = None) -> str:
    """Words for a code that is not raised (an engine's parse error, a page notice)."""
    return error_text(MESSAGES, code, params)


def parse_error_text(error) -> str:
    """One line for a GIFT/XML error: where, then what."""
    from django.utils.translation import gettext

    text = message_for(error.code, error.params)
    if error.line:
        return gettext("Line %(line)s: %(text)s") % {"line": error.line, "text": text}
    if error.index:
        return gettext("Question %(index)s (%(name)s): %(text)s") % {
            "index": error.index,
            "name": error.name or "-",
            "text": text,
        }
    return text


#: a certificate's status on a day (``Certificate.status_on``) in words; the badge tones are registered
#: with these labels in ``CertificationConfig.ready()``
CERTIFICATE_STATUS_LABELS = {
    "valid": _("Valid"),
    "expiring": _("Expiring soon"),
    "expired": _("Expired"),
    "revoked": _("Revoked"),
    "superseded": _("Superseded"),
    "none": _("None"),
}

CERTIFICATE_STATUS_TONES = {
    "valid": "ok",
    "expiring": "warn",
    "expired": "bad",
    "revoked": "bad",
    "superseded": "info",
    "none": "info",
}
