"""allauth's adapter, sending its mail (address confirmation, password reset) through the
notifications outbox like every other message (settings.ACCOUNT_ADAPTER)."""

from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site

from accounts.adapter import AccountAdapter

from .services import record_account_email


class OutboxAccountAdapter(AccountAdapter):
    def send_mail(self, template_prefix, email, context):
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request)}
            | context
            | {"site_url": settings.SITE_URL},
        )
        record_account_email(message=message, user=context.get("user"))
