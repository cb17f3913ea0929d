import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation


def new_api_key() -> str:
    return secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def manageable_by(self, user):
        """Tokens the user may see and revoke: those of the organisations they staff."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(organisation__in=Organisation.objects.manageable_by(user))


class ApiToken(models.Model):
    """A key that lifts the public API's anonymous rate limit for one organisation's site.

    The API shows only public data either way; the token says who is calling, not what they
    may see.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("organisation"),
    )
    name = models.CharField(
        _("used for"), max_length=200, help_text=_("E.g. the website that calls the API.")
    )
    key = models.CharField(
        _("key"), max_length=64, unique=True, default=new_api_key, editable=False
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["organisation", "-created_at"]

    def __str__(self):
        return f"{self.organisation} – {self.name}"
