"""Template context every page needs: site settings, promo cards, friendly links,
and the category navigation."""

from __future__ import annotations

from django.http import HttpRequest

from huiwen.portal.models import FriendlyLink, PromoCard, SiteSettings


def portal(request: HttpRequest) -> dict:
    # Imported here: the news app's models import this app's, not the other way round.
    from huiwen.news.models import Category

    return {
        "site": SiteSettings.current(),
        "promo_cards": PromoCard.objects.live(),
        "friendly_links": FriendlyLink.objects.filter(active=True),
        "nav_categories": Category.objects.all(),
    }
