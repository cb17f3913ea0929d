from django.apps import AppConfig


class ClusterPortalConfig(AppConfig):
    name = "cluster_portal"
    verbose_name = "Cluster Portal"

    def ready(self):
        # Connects the receivers that invalidate cached public pages when content changes.
        from . import page_cache  # noqa: F401
