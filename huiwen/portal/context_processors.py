"""Template context every page needs: site settings, promo cards, friendly links,
and the category navigation."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language_info

from huiwen.portal.models import FriendlyLink, PromoCard, SiteSettings


def portal(request: HttpRequest) -> dict:
    # Imported here: the news app's models import this app's, not the other way round.
    from huiwen.news.models import Category

    return {
        "site": SiteSettings.current(),
        "promo_cards": PromoCard.objects.live(),
        "friendly_links": FriendlyLink.objects.filter(active=True),
        "nav_categories": Category.objects.all(),
        "language_links": [
            (code, get_language_info(code)["name_local"], translate_url(request.path, code))
            for code, _name in settings.LANGUAGES
        ],
    }
