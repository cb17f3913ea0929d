from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Event, ProgrammeItem, Registration, Speaker


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    extra = 0


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "starts_at",
        "kind",
        "status",
        "capacity",
        "confirmed",
        "waitlisted",
        "attended",
    ]
    list_filter = ["status", "kind", "format", "county", "starts_at"]
    search_fields = ["title", "description", "venue_name", "city"]
    date_hierarchy = "starts_at"
    list_select_related = ["county"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["hosts", "network", "projects", "thematic_areas"]
    inlines = [ProgrammeItemInline, SpeakerInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_seat_counts()

    @admin.display(description=_("confirmed"), ordering="confirmed_count")
    def confirmed(self, obj):
        return obj.confirmed_count

    @admin.display(description=_("waiting"), ordering="waitlisted_count")
    def waitlisted(self, obj):
        return obj.waitlisted_count

    @admin.display(description=_("attended"), ordering="attended_count")
    def attended(self, obj):
        return obj.attended_count


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "event", "status", "attended", "created_at"]
    list_filter = ["status", "attended"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation__name"]
    list_select_related = ["user", "organisation", "event"]
    autocomplete_fields = ["event", "user", "organisation"]
    readonly_fields = ["created_at", "updated_at", "cancelled_at", "promoted_at"]


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "starts_at"]
    search_fields = ["title", "event__title"]
    list_select_related = ["event"]
    autocomplete_fields = ["event"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "affiliation", "event"]
    search_fields = ["name", "affiliation", "event__title"]
    list_select_related = ["event"]
    autocomplete_fields = ["event"]
