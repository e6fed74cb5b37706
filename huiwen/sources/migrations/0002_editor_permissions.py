"""Editors run collection: they manage sources and read the per-URL records."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_CODENAMES = ["add_source", "change_source", "view_source", "view_page"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("sources")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="sources")
    Group.objects.get(name="editor").permissions.add(*permissions.filter(codename__in=EDITOR_CODENAMES))
    Group.objects.get(name="admin").permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="sources")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["editor", "admin"]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("sources", "0001_initial"), ("news", "0002_staff_groups")]
    operations = [migrations.RunPython(grant, revoke)]
