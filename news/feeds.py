from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation
from networks.models import Network

from .models import Article

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    title = _("News from the Cluster Portal")
    description = _("News from science parks, networks and projects.")

    def link(self):
        return reverse("news:list")

    def articles(self):
        return Article.objects.published().select_related("organisation")

    def items(self, obj=None):
        return self.articles()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.organisation.name

    def item_guid(self, item):
        return f"article-{item.pk}"

    item_guid_is_permalink = False


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class NetworkArticlesFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Network, slug=slug)

    def title(self, obj):
        return _("News from %(network)s") % {"network": obj.name}

    def description(self, obj):
        return _("Articles about the network %(network)s.") % {"network": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return self.articles().filter(networks=obj)[:FEED_SIZE]


class NetworkArticlesAtomFeed(NetworkArticlesFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class OrganisationArticlesFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Organisation.objects.listed(), slug=slug)

    def title(self, obj):
        return _("News from %(organisation)s") % {"organisation": obj.name}

    def description(self, obj):
        return _("Articles published by %(organisation)s.") % {"organisation": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return self.articles().filter(organisation=obj)[:FEED_SIZE]


class OrganisationArticlesAtomFeed(OrganisationArticlesFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
