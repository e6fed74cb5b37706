"""``{% load page_parts %}``: pieces of page that are the same on every page that shows
them, rendered once per process and kept as long as what they show (see
``huiwen.portal.furniture.Furniture.part``)."""

from __future__ import annotations

from django import template
from django.template.context import Context
from django.utils.translation import get_language

from huiwen.portal import furniture

register = template.Library()


def render_included(context: Context, template_name: str) -> str:
    """``template_name`` rendered with the page's context, as ``{% include %}`` would."""
    included = context.template.engine.get_template(template_name)
    with context.push():
        return included.render(context)


@register.simple_tag(takes_context=True)
def furniture_part(context: Context, template_name: str, *varies_on) -> str:
    """``template_name``, which shows only site furniture, kept with the furniture per
    language and ``varies_on`` (e.g. the current category marked in the navigation). It
    must show nothing of the request: every reader is given the same bytes."""
    key = (template_name, get_language(), *varies_on)
    return furniture.current().part(key, lambda: render_included(context, template_name))
