"""The rule sets seeded from the fact sheet (shared/domain/regulation-facts.md), version 1 per country.

Pure data. Facts marked [U] on the sheet are never enforced: at most an advisory rule with a
``note`` (Mexico's Monday-to-Friday reading of Profeco's guidance). A law change is a new version
entered by a compliance officer, not an edit of these.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

ALL_WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MESSAGES = ["sms", "email", "whatsapp"]


def _every_day(start: str, end: str) -> dict[str, list[list[str]]]:
    return {day: [[start, end]] for day in ALL_WEEK}


#: country -> (effective from, definition)
DEFAULT_RULESETS: dict[str, tuple[dt.date, dict[str, Any]]] = {
    "MX": (
        dt.date(2015, 1, 5),
        {
            "source": "CONDUSEF, Disposiciones en materia de Despachos de Cobranza (DOF 7 oct 2014)",
            "rules": [
                {
                    "key": "horario",
                    "kind": "hours",
                    "channels": "all",
                    "days": _every_day("07:00", "22:00"),
                    "severity": "severe",
                    "source": "CONDUSEF 2014: 07:00–22:00 en la zona horaria del deudor",
                    "lesson": "regulacion-mexico",
                },
                {
                    "key": "dias_habiles_profeco",
                    "kind": "hours",
                    "channels": "all",
                    "days": {d: [["07:00", "22:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
                    "severity": "minor",
                    "advisory": True,
                    "note": "[U] Profeco (deudas comerciales): algunos medios añaden «lunes a viernes, días hábiles».",
                    "source": "Profeco, guía de prensa (no verificada)",
                    "lesson": "regulacion-mexico",
                },
            ],
        },
    ),
    "CO": (
        dt.date(2023, 10, 10),
        {
            "source": "Ley 2300 de 2023 («Dejen de fregar»)",
            "rules": [
                {
                    "key": "horario",
                    "kind": "hours",
                    "channels": "all",
                    "days": {
                        **{d: [["07:00", "19:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
                        "sat": [["08:00", "15:00"]],
                        "sun": [],
                    },
                    "holidays_closed": True,
                    "severity": "severe",
                    "source": "Ley 2300 de 2023, art. 3",
                    "lesson": "regulacion-colombia",
                },
                {
                    "key": "una_al_dia_tras_contacto",
                    "kind": "after_contact",
                    "code": "tope_diario",
                    "channels": "all",
                    "window": "day",
                    "severity": "severe",
                    "source": "Ley 2300 de 2023: tras un contacto directo, no más de una vez al día",
                    "lesson": "regulacion-colombia",
                },
                {
                    "key": "un_canal_por_semana",
                    "kind": "after_contact",
                    "code": "multicanal_semana",
                    "channels": "all",
                    "window": "week",
                    "other_channels_only": True,
                    "severity": "minor",
                    "source": "Ley 2300 de 2023: tras un contacto directo, no por varios canales en la misma semana",
                    "lesson": "regulacion-colombia",
                },
            ],
        },
    ),
    "CL": (
        dt.date(2021, 4, 20),
        {
            "source": "Ley 19.496 art. 37 (Ley 21.320, DO 20 abr 2021)",
            "rules": [
                {
                    "key": "horario_domicilio",
                    "kind": "hours",
                    "channels": ["llamada", "visita"],
                    "days": {d: [["08:00", "20:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat")},
                    "holidays_closed": True,
                    "severity": "severe",
                    "source": "CPC art. 59 según SERNAC: lunes a sábado no festivos, 08:00–20:00",
                    "lesson": "regulacion-chile",
                },
                {
                    "key": "una_llamada_o_visita_semana",
                    "kind": "cap",
                    "code": "tope_semanal",
                    "channels": ["llamada", "visita"],
                    "limit": 1,
                    "window": "week",
                    "severity": "severe",
                    "source": "Ley 19.496 art. 37: más de 1 llamada o visita por semana",
                    "lesson": "regulacion-chile",
                },
                {
                    "key": "dos_mensajes_semana",
                    "kind": "cap",
                    "code": "tope_semanal",
                    "channels": MESSAGES,
                    "limit": 2,
                    "window": "week",
                    "severity": "minor",
                    "source": "Ley 19.496 art. 37: más de 2 gestiones por semana por correo, SMS o mensajería",
                    "lesson": "regulacion-chile",
                },
                {
                    "key": "mensajes_dos_dias",
                    "kind": "min_gap",
                    "code": "separacion_minima",
                    "channels": MESSAGES,
                    "days": 2,
                    "severity": "minor",
                    "source": "Ley 19.496 art. 37: gestiones con menos de 2 días de separación",
                    "lesson": "regulacion-chile",
                },
            ],
        },
    ),
    "PE": (
        dt.date(2010, 10, 2),
        {
            "source": "Código de Protección y Defensa del Consumidor (Ley 29571), art. 62",
            "rules": [
                {
                    "key": "horario",
                    "kind": "hours",
                    "channels": ["llamada", "visita"],
                    "days": {d: [["07:00", "20:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
                    "holidays_closed": True,
                    "severity": "severe",
                    "source": "Ley 29571 art. 62(b): ni 20:00–07:00 ni sábados, domingos o feriados",
                    "lesson": "regulacion-peru",
                },
            ],
        },
    ),
    "US": (
        dt.date(2021, 11, 30),
        {
            "source": "FDCPA §1692c(a)(1); Regulation F (12 CFR 1006) §1006.14(b)(2)",
            "rules": [
                {
                    "key": "horario",
                    "kind": "hours",
                    "channels": "all",
                    "days": _every_day("08:00", "21:00"),
                    "severity": "severe",
                    "source": "FDCPA §1692c(a)(1): 8 a.m.–9 p.m., hora local del consumidor",
                    "lesson": "regulacion-estados-unidos",
                },
                {
                    "key": "siete_en_siete",
                    "kind": "cap",
                    "code": "tope_7_dias",
                    "channels": ["llamada"],
                    "limit": 7,
                    "window": "rolling",
                    "days": 7,
                    "severity": "severe",
                    "source": "Reg F §1006.14(b)(2)(i): más de 7 llamadas en 7 días consecutivos",
                    "lesson": "regulacion-estados-unidos",
                },
                {
                    "key": "siete_dias_tras_conversacion",
                    "kind": "after_contact",
                    "code": "tras_contacto",
                    "channels": ["llamada"],
                    "trigger_channels": ["llamada"],
                    "window": "rolling",
                    "days": 7,
                    "severity": "severe",
                    "source": "Reg F §1006.14(b)(2)(ii): llamada dentro de los 7 días siguientes a una conversación",
                    "lesson": "regulacion-estados-unidos",
                },
            ],
        },
    ),
}
