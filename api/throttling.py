from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from .models import ApiToken


class AnonymousRateThrottle(AnonRateThrottle):
    """Requests without a token, per address, at `API_ANON_RATE` (429 with Retry-After)."""

    def get_rate(self):
        # Read at each request so the rate follows the setting (environment, tests).
        return settings.API_ANON_RATE

    def allow_request(self, request, view):
        if isinstance(request.auth, ApiToken):
            return True
        return super().allow_request(request, view)
