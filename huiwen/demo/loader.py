"""Loads the bundled demo content (our own writing) into an empty site."""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from importlib import resources

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from huiwen.extract import Block
from huiwen.news.models import Article, Category, Tag
from huiwen.portal.models import FriendlyLink, PromoCard, SiteSettings

DEMO_ADMIN_USERNAME = "admin"


def _content() -> dict:
    return json.loads(resources.files("huiwen.demo").joinpath("content.json").read_text("utf-8"))


def site_is_empty() -> bool:
    return not Article.objects.exists()


@transaction.atomic
def load_demo_content() -> int:
    """Fill an empty site with demo articles, promo cards and links; returns articles added."""
    content = _content()
    site = SiteSettings.current()
    for field, value in content["site"].items():
        setattr(site, field, value)
    site.save()

    categories = {
        item["slug"]: Category.objects.update_or_create(slug=item["slug"], defaults=item)[0]
        for item in content["categories"]
    }
    for card in content["promo_cards"]:
        PromoCard.objects.get_or_create(name=card["name"], defaults=card)
    for link in content["friendly_links"]:
        FriendlyLink.objects.get_or_create(url=link["url"], defaults=link)

    for item in content["articles"]:
        article = Article.objects.create(
            title=item["title"],
            subtitle=item.get("subtitle", ""),
            status=Article.Status.PUBLISHED,
            published_at=datetime.fromisoformat(item["published_at"]),
            author=item["author"],
            editor=item["editor"],
            source_name=item["source_name"],
            source_url=item["source_url"],
            summary=item.get("summary", ""),
            body_html="\n".join(Block(**block).as_html() for block in item["body"]),
            category=categories[item["category"]],
        )
        Article.objects.filter(pk=article.pk).update(view_count=item.get("view_count", 0))
        article.tags.set(Tag.objects.get_or_create(name=name)[0] for name in item.get("tags", []))
    return len(content["articles"])


def reset_demo_admin() -> tuple[str, str]:
    """Create (or re-key) the demo superuser and return its username and a new password."""
    password = secrets.token_urlsafe(12)
    user, _created = get_user_model().objects.get_or_create(
        username=DEMO_ADMIN_USERNAME, defaults={"is_staff": True, "is_superuser": True}
    )
    user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name="admin"))
    return DEMO_ADMIN_USERNAME, password
