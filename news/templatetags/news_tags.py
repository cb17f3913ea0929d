from django import template

from events.models import Event
from networks.models import Network
from projects.models import Project

from ..models import Article, Document, EventReport

register = template.Library()

RELATED_ARTICLES = 5


@register.inclusion_tag("news/_latest_articles.html")
def latest_articles(count=3):
    """The newest published articles, for the home page: `{% latest_articles 3 %}`."""
    articles = Article.objects.published().select_related("organisation")[: int(count)]
    return {"articles": articles}


@register.inclusion_tag("news/_related_news.html")
def related_news(obj):
    """Articles and documents about a network, project or event, and an event's report.

    `{% related_news network %}` on the network, project and event pages.
    """
    articles = Article.objects.published().select_related("organisation")
    if isinstance(obj, Network):
        articles = articles.filter(networks=obj)
    elif isinstance(obj, Project):
        articles = articles.filter(projects=obj)
    elif isinstance(obj, Event):
        articles = articles.filter(events=obj)
    else:
        articles = articles.none()
    report = None
    if isinstance(obj, Event):
        report = (
            EventReport.objects.published()
            .filter(event=obj)
            .prefetch_related("photos", "documents")
            .first()
        )
    documents = Document.objects.published().about(obj)
    if report is not None:
        documents = documents.exclude(report=report)
    return {
        "object": obj,
        "articles": articles[:RELATED_ARTICLES],
        "documents": documents,
        "report": report,
        "network": obj if isinstance(obj, Network) else None,
    }
