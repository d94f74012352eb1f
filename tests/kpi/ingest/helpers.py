"""Small builders for feed files in engine tests (no Django)."""

from __future__ import annotations

import io
from datetime import date

from kpi.ingest import FeedProfile, validate_feed

TODAY = date(2026, 11, 23)
AGENTS = {"A001": 1, "A002": 2, "ÑANDÚ01": 3, "a003": 4}
CAMPAIGNS = {"TRAMO1": 10, "TRAMO2": 20}
HEADER = [
    "fecha",
    "agente",
    "campana",
    "intentos",
    "contactos",
    "contactos_titular",
    "promesas",
    "monto_prometido",
    "promesas_cumplidas",
    "monto_cumplido",
    "monto_recuperado",
    "horas_pagadas",
    "llamadas_atendidas",
    "segundos_gestion",
    "evaluaciones_calidad",
    "puntaje_calidad",
    "incidentes_cumplimiento",
    "incidentes_graves",
]
GOOD = {
    "fecha": "2026-11-02",
    "agente": "A001",
    "campana": "TRAMO1",
    "intentos": "100",
    "contactos": "40",
    "contactos_titular": "20",
    "promesas": "5",
    "monto_prometido": "1000.00",
    "promesas_cumplidas": "3",
    "monto_cumplido": "600.00",
    "monto_recuperado": "800.50",
    "horas_pagadas": "8",
    "llamadas_atendidas": "30",
    "segundos_gestion": "20000",
    "evaluaciones_calidad": "2",
    "puntaje_calidad": "90.5",
    "incidentes_cumplimiento": "1",
    "incidentes_graves": "0",
}


def locked_before_october(day: date) -> bool:
    return day < date(2026, 10, 1)


def csv_bytes(
    rows: list[dict[str, str]], *, header: list[str] | None = None, delimiter: str = ",", encoding: str = "utf-8"
) -> bytes:
    header = header or HEADER
    lines = [delimiter.join(header)]
    for row in rows:
        lines.append(delimiter.join(row.get(col, GOOD.get(col, "")) for col in header))
    return ("\n".join(lines) + "\n").encode(encoding)


def row(**changes: str) -> dict[str, str]:
    return {**GOOD, **changes}


def check(data: bytes, profile: FeedProfile | None = None, **kwargs):
    return validate_feed(
        io.BytesIO(data),
        profile=profile or FeedProfile(),
        agents=kwargs.pop("agents", AGENTS),
        campaigns=kwargs.pop("campaigns", CAMPAIGNS),
        today=kwargs.pop("today", TODAY),
        is_locked=kwargs.pop("is_locked", locked_before_october),
        **kwargs,
    )
