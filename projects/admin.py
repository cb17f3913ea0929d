from django.contrib import admin

from .models import Project, ProjectGoal, ProjectPartner


class ProjectPartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 0
    autocomplete_fields = ["organisation"]


class ProjectGoalInline(admin.TabularInline):
    model = ProjectGoal
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
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


@admin.register(ProjectGoal)
class ProjectGoalAdmin(admin.ModelAdmin):
    list_display = ["description", "project", "metric", "target_value", "unit"]
    list_filter = ["metric"]
    search_fields = ["description", "project__name"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]
