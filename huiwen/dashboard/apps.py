from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "huiwen.dashboard"
    verbose_name = _("概览")

    def ready(self) -> None:
        from django.contrib import admin

        # The admin's own index, with the dashboard above the list of models.
        admin.site.index_template = "dashboard/index.html"
