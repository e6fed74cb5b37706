from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TakedownConfig(AppConfig):
    name = "huiwen.takedown"
    verbose_name = _("侵权投诉")
