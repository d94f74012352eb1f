"""Translatable text for the feed validator's error codes (same placeholders as
``ingest.errors.MESSAGES``, which holds the plain English developer text)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from .ingest.errors import FeedError

MESSAGES = {
    "empty_file": _("The file is empty."),
    "no_data_rows": _("The file has a header but no data rows."),
    "unreadable_file": _("The file cannot be read as {format}: {reason}."),
    "missing_sheet": _("The workbook has no sheet named '{sheet}'."),
    "too_many_rows": _("The file has more than {limit} data rows."),
    "archive_too_large": _("Uncompressed, the file would take {size} bytes; the limit is {limit} bytes."),
    "nul_character": _("The row holds a NUL character (U+0000), which no value may contain."),
    "bad_encoding": _(
        "The file is not valid {encoding}: byte {byte} at row {row} ({rows} rows affected). "
        "Is it a Latin-1 file? Choose a Latin-1 profile."
    ),
    "utf8_read_as_latin1": _(
        "The file looks like UTF-8 but the profile reads it as Latin-1 ({rows} rows affected); choose a UTF-8 profile."
    ),
    "missing_header": _("The first row is not a header: none of its names is a known column ({value})."),
    "wrong_delimiter": _("The file seems to be separated by '{found}', but the profile expects '{expected}'."),
    "unknown_column": _("Unknown column '{column}'."),
    "duplicate_column": _("Column '{column}' repeats '{code}', already given by '{first}'."),
    "missing_column": _("Required column '{code}' is missing."),
    "wrong_field_count": _("The row has {found} fields; the header has {expected}."),
    "malformed_row": _("The row cannot be parsed as CSV: {reason}."),
    "blank_value": _("Column '{column}' is empty."),
    "not_a_number": _("'{value}' is not a number."),
    "wrong_decimal_separator": _("'{value}' uses '{found}' as decimal separator; this profile uses '{expected}'."),
    "wrong_thousands_separator": _("'{value}' uses '{found}' to group thousands; this profile expects {expected}."),
    "not_an_integer": _("'{value}' must be a whole number."),
    "too_many_decimals": _("'{value}' has more than {scale} decimals."),
    "negative_value": _("'{value}' is negative; '{column}' cannot be below zero."),
    "value_too_large": _("'{value}' is above the maximum {maximum} for '{column}'."),
    "quality_out_of_range": _("Quality score '{value}' is outside 0-100."),
    "hours_exceed_day": _("'{value}' paid hours is more than a day (24)."),
    "handle_seconds_exceed_day": _("'{value}' handle seconds is more than a day (86400)."),
    "bad_duration": _(
        "'{value}' is not a duration in the format {format} (e.g. {example}), the one this profile takes for '{column}'."
    ),
    "bad_date": _("'{value}' is not a date in the format {format} (e.g. {example}), the one this profile takes."),
    "impossible_date": _("'{value}' is not a real calendar day."),
    "future_date": _("Date {value} is in the future (today is {today})."),
    "locked_period": _("Date {value} is in a locked period; its facts cannot change."),
    "unknown_agent": _("Unknown agent '{value}' ({agent_key})."),
    "unknown_campaign": _("Unknown campaign '{value}'."),
    "duplicate_row": _("Agent '{agent}' already has a row for {day}{campaign_text} at row {first_row}."),
    "mixed_campaign_rows": _(
        "Agent '{agent}' has rows for {day} both with and without a campaign "
        "(see row {first_row}); a day is either split by campaign or not."
    ),
    "contacts_exceed_attempts": _("Contacts ({value}) exceed attempts ({other})."),
    "rpc_exceed_contacts": _("Right-party contacts ({value}) exceed contacts ({other})."),
    "kept_exceed_promises": _("Kept promises ({value}) exceed promises ({other})."),
    "kept_amount_exceed_promised": _("Kept amount ({value}) exceeds the promised amount ({other})."),
    "promised_amount_without_promises": _("Promised amount {value} with zero promises."),
    "kept_amount_without_kept": _("Kept amount {value} with zero kept promises."),
    "quality_without_evaluations": _("Quality score {value} with zero evaluations."),
    "quality_blank_with_evaluations": _("The quality score is empty but there are {other} evaluations."),
    "severe_exceed_incidents": _("Severe incidents ({value}) exceed compliance incidents ({other})."),
}


# The date formats a profile may take, as a reader writes them ("aaaa-mm-dd" in Spanish).
# "yyyy-mm-dd or dd/mm/yyyy" is the label of the former "auto" format, kept for reports stored before it went.
DATE_FORMAT_NAMES = {
    "yyyy-mm-dd": _("yyyy-mm-dd"),
    "dd/mm/yyyy": _("dd/mm/yyyy"),
    "mm/dd/yyyy": _("mm/dd/yyyy"),
    "yyyy-mm-dd or dd/mm/yyyy": _("yyyy-mm-dd or dd/mm/yyyy"),
}


# How a profile's duration metrics are written, as a reader says it.
DURATION_FORMAT_NAMES = {
    "hh:mm:ss": _("hh:mm:ss"),
    "mm:ss": _("mm:ss"),
    "minutes": _("minutes"),
}


def error_message(error: FeedError | dict[str, Any]) -> str:
    """The error in the active language."""
    if isinstance(error, FeedError):
        error = error.as_dict()
    values = {"row": error.get("row"), "column": error.get("column"), "value": error.get("value")}
    values.update(error.get("params") or {})
    values.setdefault("example", "")
    if error["code"] in ("bad_date", "impossible_date") and values.get("format") in DATE_FORMAT_NAMES:
        values["format"] = DATE_FORMAT_NAMES[values["format"]]
    if error["code"] == "bad_duration" and values.get("format") in DURATION_FORMAT_NAMES:
        values["format"] = DURATION_FORMAT_NAMES[values["format"]]
    template = MESSAGES.get(error["code"])
    if template is None:
        return error.get("detail") or error["code"]
    try:
        return str(template).format(**values)
    except (KeyError, IndexError):
        return error.get("detail") or error["code"]
