from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """Site-wide templates, context and management commands."""

    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from .caching import receivers

        receivers.connect()
