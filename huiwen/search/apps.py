from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "huiwen.search"
    verbose_name = _("搜索")

    def ready(self) -> None:
        from huiwen.search import signals  # noqa: F401 - connects the receivers
