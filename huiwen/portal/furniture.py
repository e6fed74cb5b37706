"""The site furniture every reader page shows, kept in each process between renders:
site settings, live promo cards, active friendly links and the category navigation.

Loading it costs five queries; a render uses the copy this process holds (see
``huiwen.portal.generations`` for how changes reach every process). The copy is dropped

- when a ``SiteSettings``, ``PromoCard``, ``FriendlyLink`` or ``Category`` is saved or
  deleted (model signals bump the ``furniture`` generation);
- after ``HUIWEN_FURNITURE_SECONDS`` (60) at the latest. The default cache is local
  memory, one per process, so this TTL is what bounds staleness for a process the bump
  cannot reach (another machine without Redis) and for writes that send no signal
  (``QuerySet.update``, raw SQL);
- at the next moment a promo card enters or leaves its date window (its ``starts_at`` or
  ``ends_at``), which happens by time alone, without any save.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Min, Q
from django.db.models.signals import post_delete, post_save

from huiwen.portal.generations import Generation, Memo
from huiwen.portal.models import FriendlyLink, PromoCard, SiteSettings

__all__ = ["Furniture", "current", "generation"]

generation = Generation("furniture")
_memo = Memo(generation)


@dataclass(frozen=True)
class Furniture:
    site: SiteSettings
    promo_cards: tuple[PromoCard, ...]
    friendly_links: tuple[FriendlyLink, ...]
    nav_categories: tuple  # of news.Category
    #: Rendered pieces of page that show nothing but this furniture (see ``part``).
    parts: dict = field(default_factory=dict, compare=False, repr=False)

    def part(self, key: Hashable, render: Callable[[], str]) -> str:
        """The piece of page ``key`` (a template and what it varies on: language, current
        category), rendered once and kept exactly as long as this furniture is current.
        Header, promo cards and footer were about a third of an article page's render."""
        html = self.parts.get(key)
        if html is None:
            html = self.parts[key] = render()
        return html


def current() -> Furniture:
    """The furniture to render now (read-only: the instances are shared by every render)."""
    return _memo.get("furniture", _load)


def _load(now: datetime) -> tuple[Furniture, datetime]:
    # Imported here: the news app's models import this app's, not the other way round.
    from huiwen.news.models import Category

    furniture = Furniture(
        site=SiteSettings.current(),
        promo_cards=tuple(PromoCard.objects.live(now)),
        friendly_links=tuple(FriendlyLink.objects.filter(active=True)),
        nav_categories=tuple(Category.objects.all()),
    )
    expires = now + timedelta(seconds=settings.FURNITURE_SECONDS)
    # The next time an active card's window opens or closes, the live list changes.
    edges = PromoCard.objects.filter(active=True).aggregate(
        starts=Min("starts_at", filter=Q(starts_at__gt=now)),
        ends=Min("ends_at", filter=Q(ends_at__gt=now)),
    )
    return furniture, min([expires, *(edge for edge in edges.values() if edge is not None)])


for _model in (SiteSettings, PromoCard, FriendlyLink, "news.Category"):
    post_save.connect(generation.bump_on_change, sender=_model, weak=False, dispatch_uid=f"furniture-save-{_model}")
    post_delete.connect(generation.bump_on_change, sender=_model, weak=False, dispatch_uid=f"furniture-delete-{_model}")
