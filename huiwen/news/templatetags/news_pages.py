from django import template

from huiwen.news.views import page_url as _page_url

register = template.Library()


@register.simple_tag
def page_url(listing_url: str, number: int) -> str:
    """``{% page_url listing_url n %}``: page n of a listing, by path."""
    return _page_url(listing_url, number)
