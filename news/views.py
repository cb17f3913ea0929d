from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from events.models import Event

from .filters import ArticleFilter
from .models import Article, EventReport

PAGE_SIZE = 12


def article_list(request):
    articles = (
        Article.objects.published()
        .select_related("organisation")
        .prefetch_related("thematic_areas")
        .order_by("-publish_at", "-id")
    )
    filterset = ArticleFilter(request.GET, queryset=articles, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "news/article_list.html",
        {"filter": filterset, "page_obj": page, "querystring": querystring.urlencode()},
    )


def article_detail(request, slug):
    # A draft event linked to the article stays unnamed until it is published.
    articles = Article.objects.select_related("organisation").prefetch_related(
        "networks", "projects", Prefetch("events", Event.objects.published()), "thematic_areas"
    )
    article = articles.published().filter(slug=slug).first()
    if article is None:
        # Staff preview their own drafts and scheduled articles; everyone else gets a 404.
        article = get_object_or_404(articles.manageable_by(request.user), slug=slug)
    reports = (
        EventReport.objects.published()
        .filter(event__in=[event.pk for event in article.events.all()])
        .select_related("event")
        .prefetch_related("photos")
    )
    return render(
        request,
        "news/article_detail.html",
        {
            "article": article,
            "reports": reports,
            "share_url": request.build_absolute_uri(article.get_absolute_url()),
        },
    )
