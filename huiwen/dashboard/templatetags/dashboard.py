from django import template

from huiwen.dashboard.panels import panels

register = template.Library()


@register.inclusion_tag("dashboard/panels.html", takes_context=True)
def dashboard(context) -> dict:
    return panels(context["request"])
