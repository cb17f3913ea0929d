import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation


def new_api_key() -> str:
    return secrets.token_urlsafe(32)


def key_digest(key: str) -> str:
    """What the database keeps of a key. A plain SHA-256 suffices (no salt, no slow hash):
    the keys are 256 random bits, not passwords a dictionary could guess."""
    return hashlib.sha256(key.encode()).hexdigest()


KEY_PREFIX_LENGTH = 8


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_key(self, key: str):
        return self.filter(key_digest=key_digest(key))

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
    may see. Only a digest of the key is stored, so a leaked database backup holds no usable
    key: the key is shown once, when the token is made (`issued_key`), and never again.
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
    key_prefix = models.CharField(
        _("key begins with"),
        max_length=KEY_PREFIX_LENGTH,
        editable=False,
        help_text=_("The first characters of the key, to tell tokens apart."),
    )
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
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

    def save(self, *args, **kwargs):
        # Every way a token is made (admin, shell, tests) gets a key; only this instance,
        # the one that made it, ever holds the key itself.
        if not self.key_digest:
            self.issued_key = new_api_key()
            self.key_prefix = self.issued_key[:KEY_PREFIX_LENGTH]
            self.key_digest = key_digest(self.issued_key)
        super().save(*args, **kwargs)
