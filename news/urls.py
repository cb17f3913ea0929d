from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("feed/rss/", feeds.LatestArticlesFeed(), name="feed_rss"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
    path("networks/<slug:slug>/rss/", feeds.NetworkArticlesFeed(), name="network_feed_rss"),
    path("networks/<slug:slug>/atom/", feeds.NetworkArticlesAtomFeed(), name="network_feed_atom"),
    path(
        "organisations/<slug:slug>/rss/",
        feeds.OrganisationArticlesFeed(),
        name="organisation_feed_rss",
    ),
    path(
        "organisations/<slug:slug>/atom/",
        feeds.OrganisationArticlesAtomFeed(),
        name="organisation_feed_atom",
    ),
    path("<slug:slug>/", views.article_detail, name="detail"),
]
