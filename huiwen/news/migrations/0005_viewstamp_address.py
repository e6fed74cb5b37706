from django.db import migrations, models


class Migration(migrations.Migration):
    """Stamps remember a keyed hash of the client address, so one address can count only
    so many views of an article per window (stamps before this have none and expire)."""

    dependencies = [
        ("news", "0004_web_url_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="viewstamp",
            name="address",
            field=models.CharField(blank=True, max_length=16),
        ),
        migrations.AddIndex(
            model_name="viewstamp",
            index=models.Index(fields=["article", "address", "counted_at"], name="viewstamp_per_address"),
        ),
    ]
