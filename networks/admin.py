from django.contrib import admin
from django.db.models import Count, Q

from .models import Network, NetworkMembership


class NetworkMembershipInline(admin.TabularInline):
    model = NetworkMembership
    extra = 0
    autocomplete_fields = ["organisation", "contact_user"]
    readonly_fields = ["requested_at", "decided_at", "decided_by"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "join_policy", "project", "is_archived", "member_count"]
    list_filter = ["join_policy", "is_archived", "counties", "thematic_areas"]
    search_fields = ["name", "description"]
    list_select_related = ["project"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["hosts", "thematic_areas", "project"]
    filter_horizontal = ["counties"]
    inlines = [NetworkMembershipInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                active_member_count=Count(
                    "memberships", filter=Q(memberships__status=NetworkMembership.Status.ACTIVE)
                )
            )
        )

    @admin.display(description="members", ordering="active_member_count")
    def member_count(self, obj):
        return obj.active_member_count


@admin.register(NetworkMembership)
class NetworkMembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "network", "status", "requested_at", "decided_at"]
    list_filter = ["status", "network"]
    search_fields = ["organisation__name", "network__name", "contact_user__email"]
    list_select_related = ["organisation", "network"]
    autocomplete_fields = ["organisation", "network", "contact_user"]
    readonly_fields = ["requested_at", "decided_at", "decided_by"]
