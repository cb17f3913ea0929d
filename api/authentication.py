import re

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from .models import ApiToken

KEY = re.compile(r"[A-Za-z0-9_-]{20,64}")


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <key>`: names the organisation calling; the caller stays anonymous
    (it sees only public data) and is not held to the anonymous rate limit."""

    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        key = parts[1].decode("ascii", "replace") if len(parts) == 2 else ""
        token = None
        if KEY.fullmatch(key):
            token = ApiToken.objects.active().for_key(key).first()
        if token is None:
            raise AuthenticationFailed(_("Unknown or revoked API token."))
        return (AnonymousUser(), token)

    def authenticate_header(self, request):
        return self.keyword
