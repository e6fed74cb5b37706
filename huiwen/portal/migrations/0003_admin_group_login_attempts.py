"""The "admin" group sees and deletes login attempts (django-axes), to lift a lockout.

news.0002 gave the group every permission that existed when it ran; a site created
before django-axes was added has none of axes' permissions, so they are granted here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("axes")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="axes")
    apps.get_model("auth", "Group").objects.get(name="admin").permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="axes")
    for group in apps.get_model("auth", "Group").objects.filter(name="admin"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_web_url_fields"),
        ("news", "0002_staff_groups"),
        ("axes", "0010_accessattemptexpiration"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
