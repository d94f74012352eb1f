"""The KPI catalogue has one name for compliance incidents per 1,000 right-party contacts:
``tasa_incidentes`` (the bonus engine called it ``incidentes_por_mil_rpc``). Stored plan
definitions that name the old code are rewritten; the mapping is frozen here."""

from django.db import migrations

RENAMED = {"incidentes_por_mil_rpc": "tasa_incidentes"}


def _renamed(value, mapping):
    if isinstance(value, str):
        return mapping.get(value, value)
    if isinstance(value, list):
        return [_renamed(item, mapping) for item in value]
    if isinstance(value, dict):
        return {key: _renamed(item, mapping) for key, item in value.items()}
    return value


def _rewrite(apps, mapping):
    PlanVersion = apps.get_model("incentives", "PlanVersion")
    for version in PlanVersion.objects.all().only("pk", "definition").iterator():
        definition = _renamed(version.definition, mapping)
        if definition != version.definition:
            PlanVersion.objects.filter(pk=version.pk).update(definition=definition)


def forwards(apps, schema_editor):
    _rewrite(apps, RENAMED)


def backwards(apps, schema_editor):
    _rewrite(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("incentives", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
