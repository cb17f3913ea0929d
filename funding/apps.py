from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("De minimis aid")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the ledger to attendance)
