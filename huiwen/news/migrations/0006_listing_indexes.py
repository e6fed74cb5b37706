from django.db import migrations, models


class Migration(migrations.Migration):
    """Indexes in the exact order listings and the hot list read: the hot list (views,
    then publication time) reads a few rows instead of sorting every published article,
    and listings (publication time, then id) need no sort step, so a deep page can find
    its ids on the index alone."""

    dependencies = [
        ("news", "0005_viewstamp_address"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="article", name="news_articl_status_dad29a_idx"),
        migrations.RemoveIndex(model_name="article", name="news_articl_categor_0df84c_idx"),
        migrations.RemoveIndex(model_name="article", name="news_articl_status_63a86e_idx"),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["status", "-published_at", "-id"], name="article_listing"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["category", "status", "-published_at", "-id"], name="article_category_listing"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["status", "-view_count", "-published_at"], name="article_hot"),
        ),
    ]
