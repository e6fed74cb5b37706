"""Template context every page needs: site settings, promo cards, friendly links,
and the category navigation."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language_info

from huiwen.portal import furniture


def portal(request: HttpRequest) -> dict:
    # Kept in the process between renders and dropped on any change (huiwen.portal.furniture).
    current = furniture.current()
    return {
        "site": current.site,
        "promo_cards": current.promo_cards,
        "friendly_links": current.friendly_links,
        "nav_categories": current.nav_categories,
        "language_links": [
            (code, get_language_info(code)["name_local"], translate_url(request.path, code))
            for code, _name in settings.LANGUAGES
        ],
    }
