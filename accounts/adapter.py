from email.utils import formataddr, parseaddr
from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from web.brand import portal_name


def portal_sender() -> str:
    """The sender of the portal's mail: DEFAULT_FROM_EMAIL, named after the portal in the
    active language unless the setting names a sender itself."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((name or portal_name(), address))


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Mail the new user in the language they signed up in.
        language = (translation.get_language() or "")[:2]
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        return super().save_user(request, user, form, commit=commit)

    def format_email_subject(self, subject):
        return f"[{portal_name()}] {subject}"

    def send_mail(self, template_prefix, email, context):
        return super().send_mail(template_prefix, email, {**context, "site_url": settings.SITE_URL})

    def get_from_email(self):
        return portal_sender()

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        if not user.has_name and user.asked_for_name_at is None and not kwargs.get("signup"):
            # Accounts from before sign-up asked for names are asked once, at their next login.
            user.asked_for_name_at = timezone.now()
            user.save(update_fields=["asked_for_name_at"])
            messages.info(
                request,
                gettext("Please tell us your name: the organisers of your events see it."),
            )
            query = urlencode({"next": response.url}) if hasattr(response, "url") else ""
            return HttpResponseRedirect(f"{reverse('me:profile')}?{query}")
        return response
