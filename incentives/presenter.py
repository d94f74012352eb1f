"""Explanations an agent can read: an engine trace turned into sentences in the reader's language.

Pure apart from translation and number formatting (no database): the caller passes the KPI
names (``kpi_labels()`` reads them from the KPI catalogue once) and the payout's currency. Every
component, KPI, gate and trace step is shown by its name, with its numbers formatted by
:mod:`core.numbers`; no engine key or code reaches the reader.

    presenter = Presenter(currency="COP", kpis=kpi_labels())
    presenter.line_summary(line_name, detail)   # "Recuperó $485.922,18 de una meta de ..."
    presenter.steps(detail)                      # one sentence per trace step
    presenter.gate(result)                       # ("Calidad ≥ 85", "Calidad fue 91,2; cumplido")
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from core.numbers import format_money, format_number, format_percent, to_decimal
from kpi.selectors import kpi_definitions

TEAM_PAYOUT = "@team_payout"
OWN_VALUE = "@value"

OPS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "!=": "≠"}

#: names of the lines the engine adds on its own (they have no component name)
LINE_NAMES = {
    "plan_floor": gettext_lazy("Plan minimum"),
    "plan_cap": gettext_lazy("Plan maximum"),
}
GATE_KIND_NAMES = {
    "certificate": gettext_lazy("Valid certification on the last day of the month"),
    "no_severe_incidents": gettext_lazy("No severe compliance incidents"),
}
MONEY_UNITS = {"currency", "money", "per_hour"}


@dataclass(frozen=True)
class KpiLabel:
    name_es: str
    name_en: str
    unit: str = "count"
    decimals: int = 2

    def name(self) -> str:
        return self.name_en if (get_language() or "es").startswith("en") else self.name_es


def humanise(code: str) -> str:
    """Last resort for a code no catalogue names (a plan's own measure): words, not a key."""
    text = code.lstrip("@").replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:] if text else "—"


def kpi_labels() -> dict[str, KpiLabel]:
    """The KPI catalogue's names and units, read once (through the KPI app's selector)."""
    return {
        d.code: KpiLabel(d.name_es, d.name_en, d.unit, d.decimals)
        for d in kpi_definitions().only("code", "name_es", "name_en", "unit", "decimals")
    }


@dataclass
class Presenter:
    currency: str
    kpis: Mapping[str, KpiLabel] = field(default_factory=dict)

    # ------------------------------------------------------------------ numbers
    def money(self, value) -> str:
        return format_money(value, self.currency)

    def kpi_name(self, code: str | None) -> str:
        if not code:
            return "—"
        if code == TEAM_PAYOUT:
            return _("your team's payouts")
        if code == OWN_VALUE:
            return _("the component's result")
        label = self.kpis.get(code)
        return label.name() if label else humanise(code)

    def kpi_value(self, code: str | None, value) -> str:
        """A KPI value in its unit: money, whole counts, hours, a 0-100 score or rate."""
        if to_decimal(value) is None:
            return "—"
        if code == TEAM_PAYOUT:
            return self.money(value)
        label = self.kpis.get(code or "")
        unit = label.unit if label else "count"
        if unit in MONEY_UNITS:
            return self.money(value)
        if unit == "count":
            d = to_decimal(value)
            return format_number(d, decimals=0 if d == d.to_integral_value() else 2, currency=self.currency)
        if unit == "percent":
            return format_percent(to_decimal(value) / 100, currency=self.currency)
        if unit == "hours":
            return _("%(n)s h") % {"n": format_number(value, decimals=1, currency=self.currency)}
        if unit == "score":
            return format_number(value, currency=self.currency)
        return format_number(value, currency=self.currency)

    def percent(self, ratio) -> str:
        return format_percent(ratio, currency=self.currency)

    def number(self, value, decimals: int | None = None) -> str:
        return format_number(value, decimals=decimals, currency=self.currency)

    # ------------------------------------------------------------------ names
    def line_name(self, line) -> str:
        name = getattr(line, "name", "") or ""
        if name:
            return name
        code = getattr(line, "code", "") or ""
        return str(LINE_NAMES.get(code, _("Adjustment"))) if code in LINE_NAMES else humanise(code)

    def gate_label(self, result: Mapping[str, Any]) -> str:
        """A gate by what it asks: "Quality ≥ 85", "No severe compliance incidents"."""
        kind = result.get("kind", "")
        if kind in GATE_KIND_NAMES:
            return str(GATE_KIND_NAMES[kind])
        params = result.get("params") or {}
        if params.get("kpi"):
            return _("%(kpi)s %(op)s %(threshold)s") % {
                "kpi": self.kpi_name(params["kpi"]),
                "op": OPS.get(params.get("op", ""), params.get("op", "")),
                "threshold": self.kpi_value(params["kpi"], params.get("threshold")),
            }
        return humanise(result.get("code", ""))

    def gate_text(self, result: Mapping[str, Any]) -> str:
        """Why the gate passed or failed, in a sentence."""
        params = result.get("params") or {}
        reason = result.get("reason", "")
        if reason == "not_required":
            return _("not required by your campaign")
        if reason == "not_certified":
            return _("you had no valid certificate on the last day of the month")
        if reason == "severe_incidents":
            return _("%(count)s severe compliance incident(s) in the month") % {
                "count": self.number(params.get("count"), 0)
            }
        if reason == "no_data":
            return _("there is no data for %(kpi)s in the month") % {"kpi": self.kpi_name(params.get("kpi"))}
        if params.get("kpi"):
            values = {
                "kpi": self.kpi_name(params["kpi"]),
                "value": self.kpi_value(params["kpi"], params.get("value")),
                "op": OPS.get(params.get("op", ""), params.get("op", "")),
                "threshold": self.kpi_value(params["kpi"], params.get("threshold")),
            }
            if result.get("passed"):
                return _("%(kpi)s was %(value)s (needs %(op)s %(threshold)s)") % values
            return _("%(kpi)s was %(value)s; it needs %(op)s %(threshold)s") % values
        return "" if result.get("passed") else _("not met")

    def gate(self, result: Mapping[str, Any]) -> dict[str, Any]:
        return {"passed": bool(result.get("passed")), "label": self.gate_label(result), "text": self.gate_text(result)}

    # ------------------------------------------------------------------ a line
    def _tier_value(self, detail: Mapping[str, Any], value) -> str:
        """The tier variable: attainment (a ratio) when the component has a target, else the measure."""
        if detail.get("target_value") not in (None, ""):
            return self.percent(value)
        return self.kpi_value(detail.get("measure"), value)

    def line_summary(self, line, detail: Mapping[str, Any]) -> str:
        """One sentence: what was measured, against what, which band, what it pays."""
        amount = self.money(getattr(line, "amount", None))
        measure = detail.get("measure")
        value = detail.get("measure_value")
        parts = []
        if measure and to_decimal(value) is not None:
            if detail.get("target_value") not in (None, "") and to_decimal(detail.get("attainment")) is not None:
                parts.append(
                    _("%(kpi)s: %(value)s of a target of %(target)s (%(attainment)s)")
                    % {
                        "kpi": self.kpi_name(measure),
                        "value": self.kpi_value(measure, value),
                        "target": self.kpi_value(measure, detail["target_value"]),
                        "attainment": self.percent(detail["attainment"]),
                    }
                )
            else:
                parts.append(
                    _("%(kpi)s: %(value)s") % {"kpi": self.kpi_name(measure), "value": self.kpi_value(measure, value)}
                )
        if detail.get("band"):
            parts.append(_("band %(band)s") % {"band": self.number(detail["band"], 0)})
        failed = [g for g in detail.get("gates") or [] if not g.get("passed")]
        if failed:
            names = ", ".join(self.gate_label(g) for g in failed)
            return _("%(facts)s; not paid because a requirement was not met (%(gates)s)") % {
                "facts": ", ".join(parts) or self.line_name(line),
                "gates": names,
            }
        if not parts:
            return _("Pays %(amount)s") % {"amount": amount}
        return _("%(facts)s: pays %(amount)s") % {"facts": ", ".join(parts), "amount": amount}

    def next_tier(self, detail: Mapping[str, Any]) -> str:
        nxt = detail.get("next_tier") or {}
        if not nxt:
            return ""
        values = {
            "band": self.number(nxt.get("band"), 0),
            "amount": self.money(nxt.get("amount_at_next")),
        }
        if nxt.get("raw_kpi"):
            values["gap"] = self.kpi_value(nxt["raw_kpi"], nxt.get("raw_gap"))
            values["kpi"] = self.kpi_name(nxt["raw_kpi"]).lower()
            return _("%(gap)s more %(kpi)s to reach band %(band)s (%(amount)s at that band)") % values
        values["gap"] = self._tier_value(detail, nxt.get("gap"))
        return _("%(gap)s more to reach band %(band)s (%(amount)s at that band)") % values

    def steps(self, detail: Mapping[str, Any]) -> list[str]:
        gates = {g.get("code"): g for g in detail.get("gates") or []}
        return [self.step(s, detail=detail, gates=gates) for s in detail.get("trace") or []]

    # ------------------------------------------------------------------ one trace step
    def step(self, step: Mapping[str, Any], *, detail: Mapping[str, Any] | None = None, gates=None) -> str:
        detail = detail or {}
        rule = step.get("rule", "")
        i = step.get("inputs") or {}
        result = step.get("result")
        method = getattr(self, f"_step_{rule}", None)
        if method is None:
            return _("Calculation step: %(result)s") % {"result": self.number(result)}
        return method(i, result, detail, gates or {})

    def _step_measure(self, i, result, detail, gates) -> str:
        code = i.get("measure")
        if code == TEAM_PAYOUT:
            return _("Your team members' payouts add up to %(value)s.") % {"value": self.money(result)}
        num, den = i.get("numerator") or {}, i.get("denominator") or {}
        if den:
            return _("%(kpi)s: %(value)s (%(num)s out of %(den)s).") % {
                "kpi": self.kpi_name(code),
                "value": self.kpi_value(code, result),
                "num": " + ".join(f"{self.kpi_value(c, v)} {self.kpi_name(c).lower()}" for c, v in num.items()),
                "den": " + ".join(f"{self.kpi_value(c, v)} {self.kpi_name(c).lower()}" for c, v in den.items()),
            }
        return _("%(kpi)s in the month: %(value)s.") % {
            "kpi": self.kpi_name(code),
            "value": self.kpi_value(code, result),
        }

    def _step_prorate_target(self, i, result, detail, gates) -> str:
        code = detail.get("measure")
        return _("Your target of %(target)s is adjusted to your eligible days (%(factor)s): %(result)s.") % {
            "target": self.kpi_value(code, i.get("target")),
            "factor": self.percent(i.get("factor")),
            "result": self.kpi_value(code, result),
        }

    def _step_attainment(self, i, result, detail, gates) -> str:
        code = detail.get("measure")
        return _("You reached %(value)s of a target of %(target)s: %(attainment)s.") % {
            "value": self.kpi_value(code, i.get("measure_value")),
            "target": self.kpi_value(code, i.get("target")),
            "attainment": self.percent(result),
        }

    def _step_missing_target(self, i, result, detail, gates) -> str:
        return _("No target was set for you this month, so this component pays nothing.")

    def _step_no_data(self, i, result, detail, gates) -> str:
        return _("There is no data for %(kpi)s this month, so this component pays %(zero)s.") % {
            "kpi": self.kpi_name(i.get("measure")),
            "zero": self.money(0),
        }

    def _step_clamp_negative(self, i, result, detail, gates) -> str:
        return _("The result was negative (%(value)s) and counts as zero.") % {
            "value": self._tier_value(detail, i.get("value"))
        }

    def _step_threshold(self, i, result, detail, gates) -> str:
        return _("%(value)s is below the minimum of %(threshold)s, so this component pays %(zero)s.") % {
            "value": self._tier_value(detail, i.get("value")),
            "threshold": self._tier_value(detail, i.get("threshold")),
            "zero": self.money(0),
        }

    def _rate(self, detail: Mapping[str, Any], rate) -> str:
        """A band's rate: a share of an amount of money (5 %), else money per unit ($10 each)."""
        label = self.kpis.get(detail.get("measure") or "")
        on_money = detail.get("target_value") in (None, "") and (
            detail.get("measure") == TEAM_PAYOUT or (label is not None and label.unit in MONEY_UNITS)
        )
        if on_money:
            return self.percent(rate)
        return _("%(amount)s each") % {"amount": self.money(rate)}

    def _tiers(self, i, result, detail) -> dict[str, str]:
        return {
            "value": self._tier_value(detail, i.get("value")),
            "band": self.number(i.get("band"), 0),
            "amount": self.money(result),
        }

    def _step_tiers_retroactive(self, i, result, detail, gates) -> str:
        text = _("With %(value)s you reach band %(band)s, which pays %(amount)s.") % self._tiers(i, result, detail)
        return self._with_multiplier(text, i)

    def _step_tiers_marginal(self, i, result, detail, gates) -> str:
        pieces = []
        for s in i.get("slices") or []:
            pieces.append(
                _("band %(band)s, from %(low)s to %(high)s at %(rate)s: %(paid)s")
                % {
                    "band": self.number(s.get("band"), 0),
                    "low": self._tier_value(detail, s.get("from")),
                    "high": self._tier_value(detail, s.get("to")),
                    "rate": self._rate(detail, s.get("rate")),
                    "paid": self.money(s.get("paid")),
                }
            )
        values = self._tiers(i, result, detail)
        values["pieces"] = "; ".join(pieces) or "—"
        text = (
            _("With %(value)s you reach band %(band)s; each part is paid at its band's rate (%(pieces)s): %(amount)s.")
            % values
        )
        return self._with_multiplier(text, i)

    def _with_multiplier(self, text: str, i) -> str:
        m = to_decimal(i.get("multiplier"))
        if m is None or m == 1:
            return text
        return text + " " + _("(multiplied by %(m)s)") % {"m": self.number(m)}

    def _condition(self, i) -> dict[str, str]:
        code = i.get("kpi")
        return {
            "kpi": self.kpi_name(code),
            "value": self.kpi_value(code, i.get("value")),
            "op": OPS.get(i.get("op", ""), i.get("op", "")),
            "threshold": self.kpi_value(code, i.get("threshold")),
        }

    def _step_modifier(self, i, result, detail, gates) -> str:
        values = {**self._condition(i), "factor": self.percent(i.get("factor")), "amount": self.money(result)}
        if _truthy(i.get("applied")):
            return (
                _("%(kpi)s was %(value)s (%(op)s %(threshold)s): the amount is paid at %(factor)s, %(amount)s.")
                % values
            )
        return (
            _("%(kpi)s was %(value)s: the reduction to %(factor)s (when %(op)s %(threshold)s) does not apply.") % values
        )

    def _step_kicker(self, i, result, detail, gates) -> str:
        values = {**self._condition(i), "bonus": self.money(i.get("bonus")), "amount": self.money(result)}
        if _truthy(i.get("applied")):
            return _("%(kpi)s was %(value)s (%(op)s %(threshold)s): extra %(bonus)s, %(amount)s in all.") % values
        return _("%(kpi)s was %(value)s: the extra %(bonus)s needs %(op)s %(threshold)s.") % values

    def _step_proration(self, i, result, detail, gates) -> str:
        if i.get("eligible_days") is not None:
            return _("Paid for the %(days)s of %(total)s days you were eligible: %(amount)s.") % {
                "days": self.number(i.get("eligible_days"), 0),
                "total": self.number(i.get("days_in_period"), 0),
                "amount": self.money(result),
            }
        return _("Paid in proportion to your eligible days (%(factor)s): %(amount)s.") % {
            "factor": self.percent(i.get("factor")),
            "amount": self.money(result),
        }

    def _step_floor(self, i, result, detail, gates) -> str:
        return _("Raised to the guaranteed minimum of %(floor)s.") % {"floor": self.money(i.get("floor"))}

    def _step_cap(self, i, result, detail, gates) -> str:
        return _("Limited to the maximum of %(cap)s (it would have been %(amount)s).") % {
            "cap": self.money(i.get("cap")),
            "amount": self.money(i.get("amount")),
        }

    def _step_gate_failed(self, i, result, detail, gates) -> str:
        names = ", ".join(self.gate_label(gates.get(c, {"code": c})) for c in i.get("gates") or [])
        return _("Not paid because a requirement was not met (%(gates)s); it would have paid %(amount)s.") % {
            "gates": names,
            "amount": self.money(i.get("would_pay")),
        }

    def _step_round_half_up(self, i, result, detail, gates) -> str:
        return _("Rounded to the currency's smallest unit: %(amount)s.") % {"amount": self.money(result)}

    def _step_pool_split_by_hours(self, i, result, detail, gates) -> str:
        return _(
            "The team pool of %(pool)s is shared by hours worked: your %(hours)s of %(team_hours)s give %(amount)s."
        ) % {
            "pool": self.money(i.get("pool")),
            "hours": _("%(n)s h") % {"n": self.number(i.get("hours"), 1)},
            "team_hours": _("%(n)s h") % {"n": self.number(i.get("team_hours"), 1)},
            "amount": self.money(result),
        }

    def _step_plan_floor(self, i, result, detail, gates) -> str:
        return _("The plan guarantees at least %(floor)s in the month: %(amount)s is added.") % {
            "floor": self.money(i.get("floor")),
            "amount": self.money(result),
        }

    def _step_plan_cap(self, i, result, detail, gates) -> str:
        return _("The plan pays at most %(cap)s in the month: %(amount)s is taken off.") % {
            "cap": self.money(i.get("cap")),
            "amount": self.money(abs(to_decimal(result) or Decimal(0))),
        }


def _truthy(value) -> bool:
    return value is True or str(value).lower() in ("true", "1")
