"""Takedown requests are the `admin` group's: they see the queue and the audit log and
decide requests. Nobody gets change or delete on audit entries: they have no such
permissions (AuditEntry.Meta.default_permissions)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("takedown")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="takedown")
    admin = apps.get_model("auth", "Group").objects.filter(name="admin").first()
    if admin is not None:
        admin.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="admin"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="takedown"))


class Migration(migrations.Migration):
    dependencies = [("takedown", "0001_initial"), ("news", "0002_staff_groups")]
    operations = [migrations.RunPython(grant, revoke)]
