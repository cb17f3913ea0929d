"""sitemap.xml: every public page a search engine should find, in both languages."""

from django.contrib.sitemaps import Sitemap

from companies.models import Organisation
from events.models import Event
from networks.models import Network
from news.models import Article
from projects.models import Project


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class ArticleSitemap(PortalSitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return Article.objects.published().order_by("-publish_at", "-id")

    def lastmod(self, item):
        return item.updated_at


class EventSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return Event.objects.published().order_by("-starts_at", "-id")

    def lastmod(self, item):
        return item.updated_at


class NetworkSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return Network.objects.active().order_by("name", "id")

    def lastmod(self, item):
        return item.updated_at


class ProjectSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return Project.objects.visible().order_by("name", "id")

    def lastmod(self, item):
        return item.updated_at


class OrganisationSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return Organisation.objects.listed().order_by("name", "id")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "articles": ArticleSitemap,
    "events": EventSitemap,
    "networks": NetworkSitemap,
    "projects": ProjectSitemap,
    "organisations": OrganisationSitemap,
}
