"""Lines learned as a source's furniture; editors see them and un-learn one."""

import django.db.models.deletion
import django.utils.timezone
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

EDITOR_CODENAMES = ["view_learnedline", "change_learnedline"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("sources")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    permissions = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="sources", codename__endswith="_learnedline"
    )
    Group.objects.get(name="editor").permissions.add(*permissions.filter(codename__in=EDITOR_CODENAMES))
    Group.objects.get(name="admin").permissions.add(*permissions)


def revoke(apps, schema_editor):
    permissions = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="sources", codename__endswith="_learnedline"
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["editor", "admin"]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0003_source_rights'),
    ]

    operations = [
        migrations.CreateModel(
            name='LearnedLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.CharField(max_length=300, verbose_name='模板行')),
                ('articles', models.PositiveIntegerField(default=0, help_text='最近学习时含有这一行的文章数', verbose_name='出现篇数')),
                ('unlearned', models.BooleanField(default=False, help_text='勾选后这一行不再被当作模板删除,重新抽取后回到正文', verbose_name='已取消')),
                ('learned_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='学到时间')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='learned_lines', to='sources.source', verbose_name='采集源')),
            ],
            options={
                'verbose_name': '已学到的模板行',
                'verbose_name_plural': '已学到的模板行',
                'ordering': ['source', '-articles'],
                'constraints': [models.UniqueConstraint(fields=('source', 'text'), name='learned_line_once_per_source')],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
