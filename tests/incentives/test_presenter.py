"""The presenter turns each kind of engine trace step into a sentence with formatted numbers."""

import pytest
from django.utils import translation

from incentives.messages import RULES
from incentives.presenter import KpiLabel, Presenter

KPIS = {
    "monto_recuperado": KpiLabel("Monto recuperado", "Amount collected", "currency"),
    "promesas_cumplidas": KpiLabel("Promesas cumplidas", "Kept promises", "count", 0),
    "promesas": KpiLabel("Promesas de pago", "Promises to pay", "count", 0),
    "cumplimiento_promesas": KpiLabel("Cumplimiento de promesas", "Kept-promise rate", "percent"),
    "calidad": KpiLabel("Calidad", "Quality score", "score"),
}
TARGETED = {"measure": "monto_recuperado", "target_value": "500000", "attainment": "0.97184436"}
PLAIN = {"measure": "monto_recuperado"}
GATES = {
    "calidad_minima": {
        "code": "calidad_minima",
        "kind": "kpi",
        "params": {"kpi": "calidad", "op": ">=", "threshold": "85"},
    }
}

CASES = [
    (
        "measure",
        {"measure": "monto_recuperado", "numerator": {"monto_recuperado": "485922.18"}, "denominator": {}},
        "485922.18",
        PLAIN,
        "Monto recuperado en el mes: $485,922.18.",
    ),
    (
        "measure",
        {
            "measure": "cumplimiento_promesas",
            "numerator": {"promesas_cumplidas": "60"},
            "denominator": {"promesas": "100"},
        },
        "60",
        PLAIN,
        "Cumplimiento de promesas: 60.0\xa0% (60 promesas cumplidas de 100 promesas de pago).",
    ),
    (
        "measure",
        {"measure": "@team_payout"},
        "12000",
        PLAIN,
        "Los bonos de los integrantes de su equipo suman $12,000.00.",
    ),
    (
        "prorate_target",
        {"target": "500000", "factor": "0.5"},
        "250000",
        TARGETED,
        "Su meta de $500,000.00 se ajusta a sus días elegibles (50.0\xa0%): $250,000.00.",
    ),
    (
        "attainment",
        {"measure_value": "485922.18", "target": "500000"},
        "0.97184436",
        TARGETED,
        "Logró $485,922.18 de una meta de $500,000.00: 97.2\xa0%.",
    ),
    ("missing_target", {"target": "meta_recuperacion"}, None, TARGETED, "No se le asignó una meta este mes"),
    (
        "no_data",
        {"measure": "monto_recuperado"},
        "0",
        PLAIN,
        "No hay datos de Monto recuperado este mes, así que este componente paga $0.00.",
    ),
    ("clamp_negative", {"value": "-0.1"}, "0", TARGETED, "El resultado fue negativo (-10.0\xa0%) y cuenta como cero."),
    (
        "threshold",
        {"value": "0.7", "threshold": "0.8"},
        "0",
        TARGETED,
        "70.0\xa0% está por debajo del mínimo de 80.0\xa0%",
    ),
    (
        "tiers_retroactive",
        {"value": "0.97184436", "band": 3, "slices": [], "multiplier": "1"},
        "2400",
        TARGETED,
        "Con 97.2\xa0% alcanza el tramo 3, que paga $2,400.00.",
    ),
    (
        "tiers_marginal",
        {
            "value": "60",
            "band": 2,
            "multiplier": "1",
            "slices": [
                {"band": 1, "from": "0", "to": "50", "rate": "10", "paid": "500"},
                {"band": 2, "from": "50", "to": "60", "rate": "15", "paid": "150"},
            ],
        },
        "650",
        {"measure": "promesas_cumplidas"},
        "tramo 1, de 0 a 50 a $10.00 por unidad: $500.00; tramo 2, de 50 a 60 a $15.00 por unidad: $150.00",
    ),
    (
        "modifier",
        {
            "code": "calidad_baja",
            "kpi": "calidad",
            "value": "82",
            "op": "<",
            "threshold": "90",
            "factor": "0.9",
            "applied": True,
        },
        "1800",
        PLAIN,
        "Calidad fue 82 (< 90): el importe se paga al 90.0\xa0%, $1,800.00.",
    ),
    (
        "modifier",
        {
            "code": "calidad_baja",
            "kpi": "calidad",
            "value": "95",
            "op": "<",
            "threshold": "90",
            "factor": "0.9",
            "applied": False,
        },
        "2000",
        PLAIN,
        "Calidad fue 95: no aplica la reducción al 90.0\xa0%",
    ),
    (
        "kicker",
        {
            "code": "sobresaliente",
            "kpi": "@value",
            "value": "1.6",
            "op": ">=",
            "threshold": "1.5",
            "bonus": "500",
            "applied": True,
        },
        "2900",
        TARGETED,
        "extra",
    ),
    (
        "proration",
        {"factor": "0.5", "eligible_days": 15, "days_in_period": 30, "leave_days": 0},
        "1000",
        PLAIN,
        "Se paga por los 15 de 30 días en que fue elegible: $1,000.00.",
    ),
    ("floor", {"amount": "100", "floor": "500"}, "500", PLAIN, "Se eleva al mínimo garantizado de $500.00."),
    (
        "cap",
        {"amount": "9500", "cap": "9000"},
        "9000",
        PLAIN,
        "Se limita al máximo de $9,000.00 (habrían sido $9,500.00).",
    ),
    (
        "gate_failed",
        {"gates": ["calidad_minima"], "would_pay": "2400"},
        "0",
        PLAIN,
        "No se paga porque no se cumplió un requisito (Calidad ≥ 85); habría pagado $2,400.00.",
    ),
    (
        "round_half_up",
        {"exact": "2400.004", "currency": "MXN"},
        "2400.00",
        PLAIN,
        "Redondeado a la unidad mínima de la moneda: $2,400.00.",
    ),
    (
        "pool_split_by_hours",
        {"pool": "3000", "hours": "160", "team_hours": "480", "method": "largest_remainder"},
        "1000",
        PLAIN,
        "La bolsa del equipo de $3,000.00 se reparte por horas trabajadas: sus 160.0 h de 480.0 h dan $1,000.00.",
    ),
    (
        "plan_floor",
        {"subtotal": "100", "floor": "500", "factor": "1"},
        "400",
        PLAIN,
        "El plan garantiza al menos $500.00 en el mes: se suman $400.00.",
    ),
    (
        "plan_cap",
        {"subtotal": "16000", "cap": "15000", "factor": "1"},
        "-1000",
        PLAIN,
        "El plan paga como máximo $15,000.00 en el mes: se descuentan $1,000.00.",
    ),
]


@pytest.mark.parametrize(("rule", "inputs", "result", "detail", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_trace_step_reads_as_a_sentence(rule, inputs, result, detail, expected):
    with translation.override("es"):
        text = Presenter(currency="MXN", kpis=KPIS).step(
            {"rule": rule, "inputs": inputs, "result": result}, detail=detail, gates=GATES
        )
    assert expected in text
    for key in (rule, *inputs):  # no engine key leaks into the sentence
        assert key not in text or key in ("cap", "floor"), key


def test_every_step_kind_of_the_engine_has_a_sentence():
    assert {c[0] for c in CASES} == set(RULES)


def test_the_line_summary_reads_like_the_brief():
    class Line:
        name, code, amount = "Recuperación", "rec", "2400"

    with translation.override("es"):
        text = Presenter(currency="MXN", kpis=KPIS).line_summary(
            Line(), {**TARGETED, "measure_value": "485922.18", "band": 3}
        )
    assert text == "Monto recuperado: $485,922.18 de una meta de $500,000.00 (97.2\xa0%), tramo 3: paga $2,400.00"


def test_colombian_pesos_and_english_readers():
    with translation.override("es"):
        text = Presenter(currency="COP", kpis=KPIS).step(
            {"rule": "cap", "inputs": {"amount": "9500", "cap": "9000"}, "result": "9000"}
        )
    assert "$9.000,00" in text
    with translation.override("en"):
        text = Presenter(currency="CLP", kpis=KPIS).step(
            {"rule": "cap", "inputs": {"amount": "9500", "cap": "9000"}, "result": "9000"}
        )
    assert text == "Limited to the maximum of CLP9,000 (it would have been CLP9,500)."


def test_gates_are_named_by_what_they_ask():
    p = Presenter(currency="MXN", kpis=KPIS)
    with translation.override("es"):
        assert (
            p.gate_label({"code": "certificado", "kind": "certificate"})
            == "Certificación vigente el último día del mes"
        )
        failed = {
            "code": "calidad_minima",
            "kind": "kpi",
            "passed": False,
            "reason": "condition_not_met",
            "params": {"kpi": "calidad", "op": ">=", "threshold": "85", "value": "80.5"},
        }
        assert p.gate(failed) == {
            "passed": False,
            "label": "Calidad ≥ 85",
            "text": "Calidad fue 80.5; se requiere ≥ 85",
        }
