import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation, ThematicArea
from networks.models import Network
from projects.models import Project
from regions.models import County

from .models import Article


def _with_published_articles(queryset, field: str):
    """Only choices that some published article uses, so no filter leads to an empty page."""
    published = Article.objects.published().filter(**{field: OuterRef("pk")})
    return queryset.filter(Exists(published))


class ArticleFilter(django_filters.FilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=lambda request: _with_published_articles(
            Organisation.objects.all(), "organisation"
        ),
        to_field_name="slug",
    )
    network = django_filters.ModelChoiceFilter(
        label=_("Network"),
        field_name="networks",
        queryset=lambda request: _with_published_articles(Network.objects.all(), "networks"),
        to_field_name="slug",
    )
    project = django_filters.ModelChoiceFilter(
        label=_("Project"),
        field_name="projects",
        queryset=lambda request: _with_published_articles(Project.objects.all(), "projects"),
        to_field_name="slug",
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="thematic_areas",
        queryset=lambda request: _with_published_articles(
            ThematicArea.objects.all(), "thematic_areas"
        ),
        to_field_name="slug",
    )
    county = django_filters.ModelChoiceFilter(
        label=_("County"),
        field_name="organisation__county",
        queryset=lambda request: _with_published_articles(
            County.objects.all(), "organisation__county"
        ),
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=Article._meta.get_field("language").choices
    )

    class Meta:
        model = Article
        fields = ["organisation", "network", "project", "theme", "county", "language"]
