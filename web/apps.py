from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "web"
    verbose_name = "Web pages"

    def ready(self):
        # Connects the receivers that invalidate cached public pages when content changes.
        from . import page_cache  # noqa: F401
