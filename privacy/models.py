from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Bump when the privacy notice or a consent text changes in substance; every consent records the
# version the person saw.
NOTICE_VERSION = "2026-11-21"


class ConsentQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(withdrawn_at__isnull=True)

    def for_purpose(self, purpose: str):
        return self.filter(purpose=purpose)


class Consent(models.Model):
    """A person's consent to one purpose: when it was given, under which text, and withdrawn."""

    class Purpose(models.TextChoices):
        LISTED_PUBLICLY = "listed_publicly", _("Be listed publicly")
        CONTACTED_BY_HOSTS = "contacted_by_hosts", _("Be contacted by hosts")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("person"),
    )
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    text_version = models.CharField(_("version of the text"), max_length=20)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["user", "purpose", "-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_consent_in_force_per_user_and_purpose",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_purpose_display()}"
