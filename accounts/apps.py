from django.apps import AppConfig, apps
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_role_groups(sender, **kwargs):
    # Permissions are created per app after it migrates; once the last app with models has
    # its permissions, every permission a role needs exists.
    last_app_with_models = [c for c in apps.get_app_configs() if c.models_module][-1]
    if sender.label == last_app_with_models.label:
        from .roles import ensure_role_groups

        ensure_role_groups()


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        post_migrate.connect(create_role_groups, dispatch_uid="accounts.create_role_groups")


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the portal's site (accounts.admin_site), so that `admin.site` is it."""

    default = False
    default_site = "accounts.admin_site.PortalAdminSite"
