import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster_portal.settings")

application = get_asgi_application()

from accounts.ratelimit import warn_if_counted_per_process  # noqa: E402 (needs the settings)

warn_if_counted_per_process()
