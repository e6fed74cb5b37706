"""Promo card clicks and impressions, per card per day.

Clicks: a card links to ``/go/<slug>/`` (``rel="sponsored nofollow"``), a live route
that counts the click and answers 302 to the card's URL. A click counts once per visitor
per day — the visitor is the view beacon's ``hw_vid`` cookie (made here when missing), as
for view counts — and at most ``HUIWEN_VIEW_MAX_PER_ADDRESS`` visitors count from one
client address per card and day (the keyed address hash of ``news.counting``), so a
script inventing cookies is bounded. Known bots and cookie-less clients without a user
agent never count; they are still redirected.

Impressions: published pages are files, so nothing runs on the server when one is
shown. Every page with cards loads ``promo.js``, which sends one POST to
``/hit/promos/`` naming the cards the page shows (``data-promo`` attributes); each of
them that is live now gets one impression. Bots and beacons from other sites' pages
count nothing. Readers with scripts off are not counted (a page view is not a click: we
chose not to add a pixel per page for them).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from huiwen.portal.clients import client_address
from huiwen.portal.fields import as_web_url
from huiwen.portal.models import PromoCard, PromoCardDay, PromoClickStamp

logger = logging.getLogger(__name__)

#: Cards named in one impression beacon beyond this are ignored.
MAX_CARDS_PER_BEACON = 20


def _counting():
    # news.counting imports news.models, which import this app's models.
    from huiwen.news import counting

    return counting


def _bump(card_id: int, day, field: str) -> None:
    """``F() + 1`` on the (card, day) row, creating it when it is the day's first."""
    if PromoCardDay.objects.filter(card_id=card_id, day=day).update(**{field: F(field) + 1}):
        return
    try:
        with transaction.atomic():
            PromoCardDay.objects.create(card_id=card_id, day=day, **{field: 1})
    except IntegrityError:  # created by a concurrent request meanwhile
        PromoCardDay.objects.filter(card_id=card_id, day=day).update(**{field: F(field) + 1})


def record_click(card_id: int, visitor: str, address: str) -> bool:
    """Count a click on ``card_id`` unless ``visitor`` was counted today or the address
    has had its share. Whether it counted."""
    day = timezone.localdate()
    key = _counting().address_key(address)
    with transaction.atomic():
        if PromoClickStamp.objects.filter(card_id=card_id, day=day, address=key).count() >= settings.VIEW_MAX_PER_ADDRESS:
            return False
        try:
            with transaction.atomic():
                PromoClickStamp.objects.create(card_id=card_id, day=day, visitor=visitor, address=key)
        except IntegrityError:
            return False
        if not PromoCardDay.objects.filter(card_id=card_id, day=day).update(clicks=F("clicks") + 1):
            # The card's first click today: earlier days' stamps can block nothing now.
            PromoClickStamp.objects.filter(card_id=card_id, day__lt=day).delete()
            _bump(card_id, day, "clicks")
    return True


@never_cache
@require_GET
def go(request: HttpRequest, slug: str) -> HttpResponse:
    card = PromoCard.objects.filter(slug=slug).only("id", "url").first()
    target = as_web_url(card.url) if card else ""
    if not target:
        raise Http404("no such promo card")
    counting = _counting()
    counts = not (counting.is_bot(request.META.get("HTTP_USER_AGENT")) or counting.is_cross_site(request))
    visitor = request.COOKIES.get(counting.VISITOR_COOKIE)
    if counts and not counting.is_valid_visitor_id(visitor):
        visitor = counting.new_visitor_id()
    if counts and PromoCard.objects.live().filter(pk=card.pk).exists():
        record_click(card.pk, visitor, client_address(request))
    response = HttpResponseRedirect(target)
    response["X-Robots-Tag"] = "noindex, nofollow"
    if counts:
        response.set_cookie(counting.VISITOR_COOKIE, visitor, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=request.is_secure())
    return response


@csrf_exempt
@never_cache
@require_POST
def impressions(request: HttpRequest) -> HttpResponse:
    """``POST /hit/promos/`` with ``cards=slug1,slug2``: one impression for each live card
    named. Answers 204 whatever was counted."""
    counting = _counting()
    if not (counting.is_bot(request.META.get("HTTP_USER_AGENT")) or counting.is_cross_site(request)):
        slugs = [slug for slug in request.POST.get("cards", "")[:2000].split(",") if slug][:MAX_CARDS_PER_BEACON]
        if slugs:
            day = timezone.localdate()
            live = PromoCard.objects.live().filter(slug__in=set(slugs)).values_list("pk", flat=True)
            with transaction.atomic():
                for card_id in live:
                    _bump(card_id, day, "impressions")
    return HttpResponse(status=204)
