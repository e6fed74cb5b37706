from django.apps import AppConfig


class PublishConfig(AppConfig):
    name = "huiwen.publish"
    verbose_name = "静态发布"

    def ready(self) -> None:
        from huiwen.publish import signals  # noqa: F401 - connects the receivers
