from __future__ import annotations

import nh3
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation, ThematicArea
from events.models import Event
from networks.models import Network
from projects.models import Project
from web.fulltext import SearchDocument, matching
from web.slug_urls import slug_url

from .uploads import UnguessablePath, validate_document_upload, validate_image_upload

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "a", "ul", "ol", "li", "h2", "h3", "h4",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def sanitise_html(text: str) -> str:
    """The safe subset of HTML we publish; plain text (no tags) becomes paragraphs."""
    text = text or ""
    if "<" not in text:
        text = linebreaks(text, autoescape=True)
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


class Language(models.TextChoices):
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What a visitor may see: published, and the publication time has come."""
        return self.filter(status=Publishable.Status.PUBLISHED, publish_at__lte=timezone.now())

    def manageable_by(self, user):
        """Rows the user may change: their organisation wrote them."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(organisation__in=Organisation.objects.staffed_by(user))


class ArticleQuerySet(PublishableQuerySet):
    def search(self, text):
        """Rows whose Swedish or English texts match `text`, with `search_rank` (see
        web/fulltext.py for the rule)."""
        return matching(self, text)


class Publishable(models.Model):
    """Status and publication time shared by articles and event reports.

    A published row whose `publish_at` lies ahead is *scheduled*: it appears by itself when the
    time comes, with no task to flip it.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published (from the publication time)")

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        help_text=_("A time in the future schedules the publication."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def state(self) -> str:
        if self.status == self.Status.DRAFT:
            return str(_("Draft"))
        if self.publish_at > timezone.now():
            return str(_("Scheduled"))
        return str(_("Published"))

    @property
    def is_visible(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.publish_at <= timezone.now()

    @property
    def body_html(self) -> str:
        return mark_safe(sanitise_html(self.body))  # nh3 made it safe


class Article(Publishable):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(
        _("summary"), max_length=500, help_text=_("One or two sentences, shown in lists.")
    )
    body = models.TextField(
        _("text"),
        help_text=_(
            "Paragraphs, headings, lists, links and tables are kept; anything else is removed."
        ),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.SWEDISH
    )
    hero_image = models.ImageField(
        _("image"),
        upload_to=UnguessablePath("news/articles"),
        blank=True,
        validators=[validate_image_upload],
    )
    hero_image_thumbnail = models.ImageField(
        _("thumbnail"),
        upload_to=UnguessablePath("news/articles/thumbnails"),
        blank=True,
        editable=False,
    )
    hero_image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    networks = models.ManyToManyField(
        Network, blank=True, related_name="articles", verbose_name=_("networks")
    )
    projects = models.ManyToManyField(
        Project, blank=True, related_name="articles", verbose_name=_("projects")
    )
    events = models.ManyToManyField(
        Event, blank=True, related_name="articles", verbose_name=_("events")
    )
    thematic_areas = models.ManyToManyField(
        ThematicArea, blank=True, related_name="articles", verbose_name=_("thematic areas")
    )
    # The texts a search looks in, kept by the database (web/fulltext.py).
    search_vector = models.GeneratedField(
        expression=SearchDocument(
            "title_sv", "title_en", "summary_sv", "summary_en", "body_sv", "body_en", headline=2
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-publish_at", "-id"]
        indexes = [
            models.Index(fields=["status", "publish_at"]),
            GinIndex(fields=["search_vector"], name="article_search_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("news:detail", self.slug)

    def clean(self):
        if self.hero_image and not self.hero_image_alt.strip():
            raise ValidationError(
                {"hero_image_alt": _("Describe the image for people who cannot see it.")}
            )


class EventReport(Publishable):
    """What happened at an event, after it: text, a photo gallery and documents."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="report", verbose_name=_("event")
    )
    body = models.TextField(_("text"), blank=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        verbose_name = _("event report")
        verbose_name_plural = _("event reports")
        ordering = ["-publish_at", "-id"]

    def __str__(self):
        return str(_("Report: %(event)s") % {"event": self.event})

    def get_absolute_url(self):
        return self.event.get_absolute_url() + "#report"


class Photo(models.Model):
    report = models.ForeignKey(
        EventReport, on_delete=models.CASCADE, related_name="photos", verbose_name=_("report")
    )
    image = models.ImageField(
        _("image"), upload_to=UnguessablePath("news/photos"), validators=[validate_image_upload]
    )
    thumbnail = models.ImageField(
        _("thumbnail"),
        upload_to=UnguessablePath("news/photos/thumbnails"),
        blank=True,
        editable=False,
    )
    alt_text = models.CharField(
        _("image description (alt text)"),
        max_length=250,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["report", "order", "id"]

    def __str__(self):
        return self.alt_text


class DocumentQuerySet(models.QuerySet):
    def published(self):
        """Documents a visitor may see: standalone ones, and those of published reports."""
        return self.filter(Q(report__isnull=True) | Q(report__in=EventReport.objects.published()))

    def about(self, obj):
        """Documents linked to a network, project or event (an event's report included)."""
        if isinstance(obj, Event):
            return self.filter(Q(events=obj) | Q(report__event=obj)).distinct()
        if isinstance(obj, Network):
            return self.filter(networks=obj)
        if isinstance(obj, Project):
            return self.filter(projects=obj)
        return self.none()

    def manageable_by(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(organisation__in=Organisation.objects.staffed_by(user))


class Document(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("Workshop report")
        SLIDES = "slides", _("Slides")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.REPORT)
    file = models.FileField(
        _("file"),
        upload_to=UnguessablePath("news/documents"),
        validators=[validate_document_upload],
        help_text=_("PDF, PowerPoint (.pptx) or OpenDocument slides (.odp), at most 25 MB."),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.SWEDISH
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("published by")
    )
    report = models.ForeignKey(
        EventReport,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("event report"),
    )
    networks = models.ManyToManyField(
        Network, blank=True, related_name="documents", verbose_name=_("networks")
    )
    projects = models.ManyToManyField(
        Project, blank=True, related_name="documents", verbose_name=_("projects")
    )
    events = models.ManyToManyField(
        Event, blank=True, related_name="documents", verbose_name=_("events")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1].upper() if self.file else ""
