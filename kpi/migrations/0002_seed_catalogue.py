"""Seed the KPI catalogue and two feed profiles (a copy of the data, frozen here)."""

from decimal import Decimal

from django.db import migrations

# code, name_es, name_en, unit, kind, aggregation, numerator, denominator, multiplier, decimals, feed alias, order
CATALOGUE = [
    ('intentos', 'Intentos de contacto', 'Contact attempts', 'count', 'raw', 'sum', '', '', "1", 0, 'attempts', 10),
    ('contactos', 'Contactos efectivos', 'Contacts', 'count', 'raw', 'sum', '', '', "1", 0, 'contacts', 20),
    ('contactos_titular', 'Contactos con titular', 'Right-party contacts', 'count', 'raw', 'sum', '', '', "1", 0, 'rpc', 30),
    ('promesas', 'Promesas de pago', 'Promises to pay', 'count', 'raw', 'sum', '', '', "1", 0, 'ptp_count', 40),
    ('monto_prometido', 'Monto prometido', 'Promised amount', 'currency', 'raw', 'sum', '', '', "1", 2, 'ptp_amount', 50),
    ('promesas_cumplidas', 'Promesas cumplidas', 'Kept promises', 'count', 'raw', 'sum', '', '', "1", 0, 'kept_count', 60),
    ('monto_cumplido', 'Monto cumplido', 'Kept amount', 'currency', 'raw', 'sum', '', '', "1", 2, 'kept_amount', 70),
    ('monto_recuperado', 'Monto recuperado', 'Amount collected', 'currency', 'raw', 'sum', '', '', "1", 2, 'collected_amount', 80),
    ('horas_pagadas', 'Horas pagadas', 'Paid hours', 'hours', 'raw', 'sum', '', '', "1", 2, 'paid_hours', 90),
    ('llamadas_atendidas', 'Llamadas atendidas', 'Handled calls', 'count', 'raw', 'sum', '', '', "1", 0, 'handled_calls', 100),
    ('segundos_gestion', 'Segundos de gestión', 'Handle seconds', 'seconds', 'raw', 'sum', '', '', "1", 0, 'handle_seconds', 110),
    ('evaluaciones_calidad', 'Evaluaciones de calidad', 'QA evaluations', 'count', 'raw', 'sum', '', '', "1", 0, 'qa_evaluations', 120),
    ('puntaje_calidad', 'Puntaje de calidad (día)', 'QA score (day)', 'score', 'weighted', 'weighted_avg', 'puntaje_calidad_ponderado', 'evaluaciones_calidad', "1", 2, 'qa_score', 130),
    ('incidentes_cumplimiento', 'Incidentes de cumplimiento', 'Compliance incidents', 'count', 'raw', 'sum', '', '', "1", 0, 'compliance_incidents', 140),
    ('incidentes_graves', 'Incidentes graves', 'Severe compliance incidents', 'count', 'raw', 'sum', '', '', "1", 0, 'severe_compliance_incidents', 150),
    ('contactabilidad', 'Contactabilidad', 'Contact rate', 'percent', 'derived', 'ratio', 'contactos', 'intentos', "100", 2, '', 160),
    ('tasa_contacto_titular', 'Contacto con titular', 'Right-party contact rate', 'percent', 'derived', 'ratio', 'contactos_titular', 'contactos', "100", 2, '', 170),
    ('tasa_promesas', 'Tasa de promesas', 'Promise-to-pay rate', 'percent', 'derived', 'ratio', 'promesas', 'contactos_titular', "100", 2, '', 180),
    ('cumplimiento_promesas', 'Cumplimiento de promesas', 'Kept-promise rate', 'percent', 'derived', 'ratio', 'promesas_cumplidas', 'promesas', "100", 2, '', 190),
    ('cumplimiento_monto', 'Cumplimiento de monto prometido', 'Kept amount rate', 'percent', 'derived', 'ratio', 'monto_cumplido', 'monto_prometido', "100", 2, '', 200),
    ('recaudo_por_hora', 'Recaudo por hora pagada', 'Collected per paid hour', 'per_hour', 'derived', 'ratio', 'monto_recuperado', 'horas_pagadas', "1", 2, '', 210),
    ('llamadas_por_hora', 'Llamadas por hora', 'Handled calls per hour', 'per_hour', 'derived', 'ratio', 'llamadas_atendidas', 'horas_pagadas', "1", 2, '', 220),
    ('tmo', 'TMO (tiempo medio de operación)', 'Average handle time', 'seconds', 'derived', 'ratio', 'segundos_gestion', 'llamadas_atendidas', "1", 0, '', 230),
    ('calidad', 'Calidad', 'Quality score', 'score', 'derived', 'ratio', 'puntaje_calidad_ponderado', 'evaluaciones_calidad', "1", 2, '', 240),
    ('tasa_incidentes', 'Incidentes por mil contactos con titular', 'Compliance incidents per 1,000 RPCs', 'per_thousand', 'derived', 'ratio', 'incidentes_cumplimiento', 'contactos_titular', "1000", 2, '', 250),
]

PROFILES = [
    dict(code="canonico", name="Formato canónico (CSV UTF-8, ISO o dd/mm/aaaa)", delimiter="",
         decimal_separator=".", thousands_separator="", date_format="auto", encoding="utf-8",
         agent_key="employee_code"),
    dict(code="marcador-latam", name="Marcador LATAM (; · 1.234,56 · dd/mm/aaaa · usuario del marcador)",
         delimiter=";", decimal_separator=",", thousands_separator=".", date_format="dd/mm/yyyy",
         encoding="auto", agent_key="dialer_login"),
]


def seed(apps, schema_editor):
    KpiDefinition = apps.get_model("kpi", "KpiDefinition")
    FeedProfile = apps.get_model("kpi", "FeedProfile")
    for code, name_es, name_en, unit, kind, aggregation, num, den, mult, decimals, alias, order in CATALOGUE:
        KpiDefinition.objects.update_or_create(
            code=code,
            defaults=dict(name_es=name_es, name_en=name_en, unit=unit, kind=kind, aggregation=aggregation,
                          numerator=num, denominator=den, multiplier=Decimal(mult), decimals=decimals,
                          feed_alias=alias, order=order),
        )
    for profile in PROFILES:
        FeedProfile.objects.get_or_create(code=profile["code"], defaults=profile)


class Migration(migrations.Migration):
    dependencies = [("kpi", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
