"""The admin site, whose login goes through the same limits and lock as the site's login.

Staff log in to the admin as well as on /accounts/login/; both ask allauth's adapter to
authenticate, so failures on either count towards the same per-address lock and per-IP limit,
and the admin's login page answers 429 like the site's when one address tries too often.
"""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.decorators import rate_limit
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.decorators import method_decorator


class AdminLoginForm(AdminAuthenticationForm):
    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is not None and password:
            # Raises "too many failed login attempts" when the address is locked.
            self.user_cache = get_adapter(self.request).authenticate(
                self.request, email=email.strip().lower(), password=password
            )
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class PortalAdminSite(AdminSite):
    login_form = AdminLoginForm

    @method_decorator(rate_limit(action="login"))
    def login(self, request, extra_context=None):
        return super().login(request, extra_context)
