from django.contrib import admin
from django.db.models import Q

from companies.scoped_admin import ScopedInlineMixin, ScopedModelAdmin, own_organisation_ids
from web.translated_admin import SideBySideTranslationAdmin, TranslationTabularInline

from .models import Project, ProjectGoal, ProjectPartner


def project_choices(request):
    """Projects an event or network may count for: those the user's organisations own or
    partner in."""
    if request.user.is_superuser:
        return Project.objects.all()
    own = own_organisation_ids(request)
    return Project.objects.filter(
        Q(owner__in=own)
        | Q(pk__in=ProjectPartner.objects.filter(organisation__in=own).values("project_id"))
    )


class ProjectPartnerInline(ScopedInlineMixin, admin.TabularInline):
    model = ProjectPartner
    extra = 0
    autocomplete_fields = ["organisation"]


class ProjectGoalInline(ScopedInlineMixin, TranslationTabularInline):
    model = ProjectGoal
    extra = 0


@admin.register(Project)
class ProjectAdmin(SideBySideTranslationAdmin, ScopedModelAdmin):
    """Staff read the projects their organisation owns or partners in, coordinators the ones
    they coordinate; owners' staff change them only with the (superuser-granted) permission."""

    list_display = [
        "name",
        "acronym",
        "owner",
        "funding_programme",
        "starts_on",
        "ends_on",
        "status",
    ]
    list_filter = ["status", "funding_programme"]
    search_fields = ["name", "acronym", "owner__name"]
    list_select_related = ["owner"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["owner", "funders", "thematic_areas", "coordinators"]
    filter_horizontal = ["counties"]
    inlines = [ProjectPartnerInline, ProjectGoalInline]

    def viewable(self, request, queryset):
        return queryset.filter(pk__in=Project.objects.reportable_by(request.user).values("pk"))


@admin.register(ProjectGoal)
class ProjectGoalAdmin(SideBySideTranslationAdmin, ScopedModelAdmin):
    list_display = ["description", "project", "metric", "target_value", "unit"]
    list_filter = ["metric"]
    search_fields = ["description", "project__name"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]

    def manageable(self, request, queryset):
        return queryset.filter(project__in=Project.objects.manageable_by(request.user))

    def choices_for(self, request, db_field):
        if db_field.name == "project":
            return Project.objects.manageable_by(request.user)
        return super().choices_for(request, db_field)

    def viewable(self, request, queryset):
        return queryset.filter(project__in=Project.objects.reportable_by(request.user))
