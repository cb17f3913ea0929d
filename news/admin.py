from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation
from companies.scoped_admin import ScopedInlineMixin, ScopedModelAdmin
from events.models import Event
from web.images import make_thumbnail, without_metadata
from web.translated_admin import SideBySideTranslationAdmin

from .models import Article, Document, EventReport, Photo, sanitise_html


class OrganisationScopedAdmin(ScopedModelAdmin):
    """Staff see and change only their organisation's rows; another's row is a 404. Links to
    events, networks and projects are limited to the user's scope by the base."""

    def choices_for(self, request, db_field):
        if db_field.name == "organisation":
            return Organisation.objects.manageable_by(request.user)
        return super().choices_for(request, db_field)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "organisation" not in initial:
            own = list(Organisation.objects.staffed_by(request.user)[:2])
            if len(own) == 1:
                initial["organisation"] = own[0].pk
        return initial

    def save_model(self, request, obj, form, change):
        if not change and hasattr(obj, "created_by_id"):
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title_sv",
            "title_en",
            "slug",
            "summary_sv",
            "summary_en",
            "body_sv",
            "body_en",
            "language",
            "organisation",
            "hero_image",
            "hero_image_alt",
            "status",
            "publish_at",
            "networks",
            "projects",
            "events",
            "thematic_areas",
        ]

    # Store what will be shown, so the editor sees at once what the sanitiser removed.
    def clean_body_sv(self):
        return sanitise_html(self.cleaned_data["body_sv"] or "")

    def clean_body_en(self):
        return sanitise_html(self.cleaned_data["body_en"] or "")

    def save(self, commit=True):
        if "hero_image" in self.changed_data:
            image = self.cleaned_data.get("hero_image")
            self.instance.hero_image_thumbnail = make_thumbnail(image) if image else ""
            if image:
                self.instance.hero_image = without_metadata(image)
        return super().save(commit)


@admin.register(Article)
class ArticleAdmin(SideBySideTranslationAdmin, OrganisationScopedAdmin):
    form = ArticleAdminForm
    list_display = ["title", "organisation", "language", "state", "publish_at"]
    list_filter = ["status", "language", ("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "summary"]
    list_select_related = ["organisation"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["networks", "projects", "events", "thematic_areas"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "language", "organisation"]}),
        (_("Image"), {"fields": ["hero_image", "hero_image_alt"]}),
        (_("Publication"), {"fields": ["status", "publish_at"]}),
        (_("What it is about"), {"fields": ["networks", "projects", "events", "thematic_areas"]}),
    ]

    @admin.display(description=_("state"))
    def state(self, obj):
        return obj.state


class PhotoForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ["image", "alt_text", "caption", "order"]

    def save(self, commit=True):
        if "image" in self.changed_data and self.cleaned_data.get("image"):
            self.instance.thumbnail = make_thumbnail(self.cleaned_data["image"])
            self.instance.image = without_metadata(self.cleaned_data["image"])
        return super().save(commit)


class PhotoInline(ScopedInlineMixin, admin.TabularInline):
    model = Photo
    form = PhotoForm
    extra = 3
    readonly_fields = ["preview"]
    fields = ["preview", "image", "alt_text", "caption", "order"]

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if obj.pk and obj.thumbnail:
            return format_html('<img src="{}" alt="" width="120">', obj.thumbnail.url)
        return "–"


class ReportDocumentInline(ScopedInlineMixin, admin.TabularInline):
    model = Document
    fk_name = "report"
    extra = 1
    fields = ["title", "kind", "file", "language"]


@admin.register(EventReport)
class EventReportAdmin(SideBySideTranslationAdmin, OrganisationScopedAdmin):
    list_display = ["__str__", "organisation", "state", "publish_at"]
    list_filter = ["status", ("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["event__title", "body"]
    list_select_related = ["event", "organisation"]
    fields = ["event", "organisation", "body", "status", "publish_at"]
    inlines = [PhotoInline, ReportDocumentInline]

    @admin.display(description=_("state"))
    def state(self, obj):
        return obj.state

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event")

    def choices_for(self, request, db_field):
        if db_field.name == "event":
            return Event.objects.manageable_by(request.user)
        return super().choices_for(request, db_field)

    def save_formset(self, request, form, formset, change):
        documents = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for document in documents:
            if isinstance(document, Document):
                document.organisation = form.instance.organisation
            document.save()
        formset.save_m2m()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Documents follow their report's organisation, so they stay in the same scope.
        obj.documents.exclude(organisation=obj.organisation).update(organisation=obj.organisation)


@admin.register(Document)
class DocumentAdmin(OrganisationScopedAdmin):
    list_display = ["title", "kind", "organisation", "report", "created_at"]
    list_filter = ["kind", ("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title"]
    list_select_related = ["organisation", "report__event"]
    autocomplete_fields = ["networks", "projects", "events"]
    fields = ["title", "kind", "file", "language", "organisation", "networks", "projects", "events"]
