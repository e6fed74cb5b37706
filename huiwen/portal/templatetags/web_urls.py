"""``{% load web_urls %}`` then ``href="{{ link.url|web_url }}"``.

The model fields refuse non-http(s) URLs on every write, but a row written before that,
or by raw SQL, still holds whatever it holds; rendering through this filter keeps such a
value out of ``href`` and ``src``.
"""

from django import template

from huiwen.portal.fields import as_web_url

register = template.Library()


@register.filter
def web_url(value) -> str:
    """The URL when a browser would open it as http(s), else ``""`` (test it with ``{% if %}``)."""
    return as_web_url(value) if value else ""
