from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "web"
    verbose_name = "Web pages"

    def ready(self):
        # page_cache connects the receivers that invalidate cached public pages when content
        # changes; lookups registers the integer lookups that let an impossible id match nothing.
        # brand registers the start-up check of the brand colour.
        from . import brand, lookups, page_cache  # noqa: F401
