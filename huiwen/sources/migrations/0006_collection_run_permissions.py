"""Editors and admins watch collection runs (workers alone write them)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("sources")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.filter(content_type__app_label="sources", codename="view_collectionrun")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["editor", "admin"]):
        group.permissions.add(*view)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.filter(content_type__app_label="sources", codename="view_collectionrun")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["editor", "admin"]):
        group.permissions.remove(*view)


class Migration(migrations.Migration):
    dependencies = [("sources", "0005_collection_runs"), ("news", "0002_staff_groups")]
    operations = [migrations.RunPython(grant, revoke)]
