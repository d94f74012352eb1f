"""The debtor's local time and public holidays.

Pure Python. Holidays come from the ``holidays`` package (kept up to date upstream), never from a
hand-kept list; time zones from the IANA database (``zoneinfo``).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

COUNTRIES: tuple[str, ...] = ("MX", "CO", "CL", "PE", "US")

#: the debtor's zone when the log gives neither a zone nor (US) a state: the capital's / most populous.
DEFAULT_ZONES: dict[str, str] = {
    "MX": "America/Mexico_City",
    "CO": "America/Bogota",
    "CL": "America/Santiago",
    "PE": "America/Lima",
    "US": "America/New_York",
}

#: US states (and DC) -> the zone most of the state lives in. A state split across zones is named by
#: its larger part; a log that knows better gives ``zona_horaria``.
US_STATE_ZONES: dict[str, str] = {
    **dict.fromkeys(("CT DE DC FL GA IN KY ME MD MA MI NH NJ NY NC OH PA RI SC VT VA WV").split(), "America/New_York"),
    **dict.fromkeys(("AL AR IL IA KS LA MN MS MO NE ND OK SD TN TX WI").split(), "America/Chicago"),
    **dict.fromkeys(("CO ID MT NM UT WY").split(), "America/Denver"),
    "AZ": "America/Phoenix",
    **dict.fromkeys(("CA NV OR WA").split(), "America/Los_Angeles"),
    "AK": "America/Anchorage",
    "HI": "Pacific/Honolulu",
}


class UnknownZone(ValueError):
    pass


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UnknownZone(name) from exc


def zone_for(country: str, *, state: str | None = None, explicit: str | None = None) -> str:
    """The IANA zone name of a debtor: the log's own, else the US state's, else the country's."""
    if explicit:
        zone(explicit)
        return explicit
    if country == "US" and state:
        found = US_STATE_ZONES.get(state.strip().upper())
        if found is None:
            raise UnknownZone(state)
        return found
    return DEFAULT_ZONES[country]


def local(at: dt.datetime, zone_name: str) -> dt.datetime:
    """``at`` (timezone-aware) as wall-clock time in the debtor's zone."""
    if at.tzinfo is None:
        raise ValueError("attempt times must be timezone-aware")
    return at.astimezone(zone(zone_name))


@lru_cache(maxsize=64)
def _holidays(country: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, years=year)


@lru_cache(maxsize=8192)
def holiday_name(country: str, day: dt.date) -> str | None:
    """The public holiday on ``day`` in ``country`` (its English name), or None (kept per day: a
    scan asks once for each of a month's attempts)."""
    return _holidays(country, day.year).get(day)
