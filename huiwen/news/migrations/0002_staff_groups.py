"""Create the two staff groups: "editor" (articles, categories, tags) and "admin" (all)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_MODELS = {("news", "article"), ("news", "category"), ("news", "tag")}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make them now so the
    # groups can reference them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name="editor")
    editor_permissions = [
        permission
        for permission in Permission.objects.select_related("content_type")
        if (permission.content_type.app_label, permission.content_type.model) in EDITOR_MODELS
    ]
    editor.permissions.set(editor_permissions)
    admin, _ = Group.objects.get_or_create(name="admin")
    admin.permissions.set(Permission.objects.all())


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["editor", "admin"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sessions", "0001_initial"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
