"""Factories for KPI facts and imports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from kpi.models import FeedProfile, KpiFact, KpiImport
from tests.factories import EmployeeFactory


class KpiImportFactory(DjangoModelFactory):
    class Meta:
        model = KpiImport

    profile = factory.LazyFunction(lambda: FeedProfile.objects.get(code="canonico"))
    source = KpiImport.Source.DEMO
    original_name = "factory.csv"
    sha256 = factory.Sequence(lambda n: f"{n:064d}")
    status = KpiImport.Status.LOADED


class KpiFactFactory(DjangoModelFactory):
    class Meta:
        model = KpiFact

    employee = factory.SubFactory(EmployeeFactory)
    day = dt.date(2026, 10, 1)
    batch = factory.SubFactory(KpiImportFactory)
    intentos = 100
    contactos = 40
    contactos_titular = 20
    promesas = 5
    monto_prometido = Decimal("1000.00")
    promesas_cumplidas = 3
    monto_cumplido = Decimal("600.00")
    monto_recuperado = Decimal("800.00")
    horas_pagadas = Decimal("8.00")
    llamadas_atendidas = 30
    segundos_gestion = 9000
    evaluaciones_calidad = 2
    puntaje_calidad = Decimal("90.00")
    incidentes_cumplimiento = 0
    incidentes_graves = 0

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """A fact written as every writer of facts writes one: with its month's summary summed again."""
        from kpi.summary import month_sums_refresh

        fact = super()._create(model_class, *args, **kwargs)
        month_sums_refresh(first=fact.day, last=fact.day)
        return fact
