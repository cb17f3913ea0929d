from django.db import models
from django.utils.translation import gettext_lazy as _
from localflavor.se.se_counties import COUNTY_CHOICES

COUNTY_NAMES = dict(COUNTY_CHOICES)


class County(models.Model):
    """A Swedish county (län); the primary key is its official letter code, e.g. "AB"."""

    code = models.CharField(_("code"), max_length=2, primary_key=True, choices=COUNTY_CHOICES)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["code"]

    def __str__(self):
        return str(COUNTY_NAMES.get(self.code, self.code))

    @property
    def name(self) -> str:
        return str(self)


class Region(models.Model):
    """A grouping of counties that networks and projects address, e.g. East Middle Sweden."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    counties = models.ManyToManyField(County, related_name="regions", verbose_name=_("counties"))

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self):
        return self.name
