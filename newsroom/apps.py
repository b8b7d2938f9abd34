from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """Site-wide templates, context and management commands."""

    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from . import folding
        from .caching import receivers

        receivers.connect()
        folding.install()
