"""Contact-log profiles: how one dialer writes its files.

Pure Python. ``ContactProfile`` carries what ``kpi.ingest.readers`` asks of a profile (``delimiter``,
``encoding``, ``sheet``, ``canonical_column``) plus the agent key and the zone of times written
without an offset.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

COLUMNS: tuple[str, ...] = (
    "fecha_hora",
    "agente",
    "cuenta",
    "destino",
    "canal",
    "resultado",
    "pais",
    "zona_horaria",
    "estado",
    "campana",
)
REQUIRED: tuple[str, ...] = ("fecha_hora", "agente", "cuenta", "destino", "canal", "resultado", "pais")
ALIASES: dict[str, str] = {
    "timestamp": "fecha_hora",
    "fecha": "fecha_hora",
    "agent": "agente",
    "account": "cuenta",
    "destination": "destino",
    "contact_point": "destino",
    "channel": "canal",
    "result": "resultado",
    "country": "pais",
    "timezone": "zona_horaria",
    "time_zone": "zona_horaria",
    "state": "estado",
    "campaign": "campana",
}


def normalise_header(name: str) -> str:
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return "_".join(text.strip().lower().replace("-", " ").split())


@dataclass(frozen=True)
class ContactProfile:
    code: str = "canonical"
    delimiter: str | None = None  # None: detect among , ; and tab
    encoding: str = "utf-8"
    agent_key: str = "employee_code"  # or dialer_login
    local_zone: str | None = None  # the zone of times without an offset; None: the offset is required
    header_map: tuple[tuple[str, str], ...] = ()
    sheet: str | None = None
    title_rows: int = 0  # rows of a title block above the header (the shared readers skip them)
    _headers: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        headers = {c: c for c in COLUMNS}
        headers.update(ALIASES)
        for source, canonical in self.header_map:
            if canonical not in COLUMNS:
                raise ValueError(f"header_map target {canonical!r} is not a contact-log column")
            headers[normalise_header(source)] = canonical
        object.__setattr__(self, "_headers", headers)

    def canonical_column(self, header: str) -> str | None:
        return self._headers.get(normalise_header(header))


CANONICAL = ContactProfile()
#: a typical Latin-American dialer: semicolons, local Bogotá time, dialer logins
DIALER_LATAM = ContactProfile(
    code="dialer-latam", delimiter=";", encoding="auto", agent_key="dialer_login", local_zone="America/Bogota"
)
PROFILES: dict[str, ContactProfile] = {p.code: p for p in (CANONICAL, DIALER_LATAM)}
