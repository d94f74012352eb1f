"""Words for what users read: the contact log's error codes and each breach as a sentence."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

ERRORS = {
    "empty_file": _("The file is empty."),
    "no_data_rows": _("The file has a header but no data rows."),
    "unreadable_file": _("The file cannot be read as {format}: {reason}."),
    "missing_sheet": _("The workbook has no sheet named '{sheet}'."),
    "nul_character": _("The row holds a NUL character (U+0000), which no value may contain."),
    "bad_encoding": _("The file is not valid UTF-8: byte {byte} at row {row} ({rows} rows affected)."),
    "too_many_rows": _("The file has more than {limit} data rows."),
    "missing_header": _(
        "The first row is not a header: none of its {columns} cells names a column (fecha_hora, agente, cuenta, …)."
    ),
    "unknown_column": _("Unknown column '{column}'."),
    "duplicate_column": _("Column '{column}' repeats '{first}'."),
    "missing_column": _("Required column '{column}' is missing."),
    "wrong_field_count": _("The row has {found} fields; the header has {expected}."),
    "malformed_row": _("The row cannot be parsed as CSV: {reason}."),
    "blank_value": _("Column '{column}' is empty."),
    "too_long": _("'{column}' is longer than {maximum} characters."),
    "unknown_country": _("'{value}' is not a country this portal checks ({allowed})."),
    "unknown_channel": _("'{value}' is not a channel ({allowed})."),
    "unknown_result": _("'{value}' is not a result ({allowed})."),
    "unknown_agent": _("Unknown agent '{value}'."),
    "unknown_campaign": _("Unknown campaign '{value}'."),
    "unknown_zone": _("'{value}' is not an IANA time zone (e.g. America/Bogota)."),
    "unknown_state": _("'{value}' is not a US state code (two letters, e.g. TX)."),
    "bad_timestamp": _("'{value}' is not a date and time in ISO 8601 (e.g. 2026-03-02T09:15:00-05:00)."),
    "timestamp_without_offset": _(
        "'{value}' has no UTC offset and the profile gives no local zone; write it as 2026-03-02T09:15:00-05:00."
    ),
    "future_timestamp": _("'{value}' is in the future (now is {now})."),
    "item_not_object": _("The item is not an object of columns and values."),
    "not_text": _("The value of '{column}' must be text or a number, not '{value}'."),
    "line_break": _("The value of '{column}' holds a line break or a NUL character."),
    "empty_batch": _("The batch has no items."),
}


def error_text(error: dict[str, Any]) -> str:
    template = ERRORS.get(error.get("code", ""))
    if template is None:
        return str(error.get("code", ""))
    values = {"row": error.get("row"), "column": error.get("column"), "value": error.get("value")}
    values.update(error.get("params") or {})
    try:
        return str(template).format(**values)
    except (KeyError, IndexError):
        return str(template)


CHANNEL_NOUNS = {
    "llamada": _("Call"),
    "sms": _("SMS"),
    "email": _("E-mail"),
    "whatsapp": _("WhatsApp message"),
    "visita": _("Visit"),
}
COUNTRY_ADJECTIVES = {
    "MX": _("a Mexican account"),
    "CO": _("a Colombian account"),
    "CL": _("a Chilean account"),
    "PE": _("a Peruvian account"),
    "US": _("a US account"),
}
WHY = {
    "fuera_de_horario": _("the permitted hours that day are {windows}"),
    "dia_no_habil": _("no collection contact is allowed on this day"),
    "dia_no_habil_holiday": _("no collection contact is allowed on public holidays ({holiday})"),
    "tope_diario": _("after reaching the debtor ({contact_time}), at most one contact a day"),
    "tope_semanal": _("at most {limit} per calendar week; this was number {count}"),
    "tope_7_dias": _("more than {limit} calls in {days} days (this was number {count}) is presumed harassment"),
    "tras_contacto": _("no call within {days} days after a conversation ({contact_time})"),
    "separacion_minima": _("messages must be at least {days} days apart (the previous one: {previous_time})"),
    "multicanal_semana": _(
        "after reaching the debtor by {contact_channel} ({contact_time}), not by another channel the same week"
    ),
}


def breach_sentence(*, code: str, country: str, channel: str, local_at: dt.datetime, params: dict, source: str) -> str:
    """E.g. "Llamada a las 07:12 del domingo 8 de marzo a una cuenta de Colombia: …"."""
    noun = CHANNEL_NOUNS.get(channel, channel)
    when = _("{noun} at {time} on {day} to {account}").format(
        noun=noun,
        time=local_at.strftime("%H:%M"),
        day=date_format(local_at.date(), pgettext("breach sentence date", "l, F j, Y")),
        account=COUNTRY_ADJECTIVES.get(country, country),
    )
    key = "dia_no_habil_holiday" if code == "dia_no_habil" and params.get("holiday") else code
    values = dict(params)
    values["windows"] = ", ".join(params.get("windows", [])) or "—"
    values["contact_channel"] = str(
        CHANNEL_NOUNS.get(params.get("contact_channel", ""), params.get("contact_channel", ""))
    ).lower()
    try:
        why = str(WHY[key]).format(**values)
    except (KeyError, IndexError):
        why = ""
    text = f"{when}: {why}" if why else str(when)
    return f"{text} ({source})." if source else f"{text}."


RULE_ERRORS = {
    "bad_time": _("'{value}' is not a time HH:MM."),
    "bad_channels": _("the channels must be 'all' or a non-empty list."),
    "unknown_channels": _("unknown channel(s): {channels}."),
    "rule_not_object": _("each rule must be an object."),
    "key_required": _("the rule needs a 'key'."),
    "bad_kind": _("'kind' must be one of {allowed}."),
    "bad_severity": _("'severity' must be one of {allowed}."),
    "advisory_without_note": _("an advisory rule needs a 'note' saying what is uncertain."),
    "bad_days": _("'days' must map {allowed} to lists of [start, end]."),
    "bad_window": _("each window is [start, end]."),
    "window_reversed": _("the window {window} ends before it starts."),
    "bad_code": _("'code' must be one of the frequency codes."),
    "bad_window_kind": _("'window' must be one of {allowed}."),
    "rolling_without_days": _("a rolling window needs 'days' of at least 1."),
    "bad_limit": _("'limit' must be at least 1."),
    "bad_gap": _("'days' must be at least 1."),
    "not_a_number": _("'{field}' must be a whole number, not '{value}'."),
    "unknown_country": _("unknown country '{value}'."),
    "not_object": _("a rule set is a JSON object."),
    "unknown_zone": _("unknown time zone '{value}'."),
    "ruleset_reversed": _("the rule set ends before it starts."),
    "rules_not_list": _("'rules' must be a list."),
    "repeated_keys": _("rule key(s) repeated: {keys}."),
}
WEEKDAY_NAMES = {
    "mon": _("Monday"),
    "tue": _("Tuesday"),
    "wed": _("Wednesday"),
    "thu": _("Thursday"),
    "fri": _("Friday"),
    "sat": _("Saturday"),
    "sun": _("Sunday"),
}


def rule_error_text(error) -> str:
    """A ``compliance.engine.RuleError`` in the reader's words, naming the rule and the weekday."""
    template = RULE_ERRORS.get(getattr(error, "code", ""))
    if template is None:
        return str(error)
    try:
        why = str(template).format(**getattr(error, "params", {}))
    except (KeyError, IndexError):
        return str(error)
    where = []
    if error.rule.startswith("#"):
        where.append(str(_("Rule {n}")).format(n=error.rule[1:]))
    elif error.rule:
        where.append(str(_("Rule '{key}'")).format(key=error.rule))
    if error.day:
        where.append(str(WEEKDAY_NAMES.get(error.day, error.day)))
    return f"{', '.join(where)}: {why}" if where else why[:1].upper() + why[1:]
