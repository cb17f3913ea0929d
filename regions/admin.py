from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from web.admin_fieldsets import AutoFilledFieldsLastMixin

from .models import County, Region


class ReferenceDataAdmin(AutoFilledFieldsLastMixin, admin.ModelAdmin):
    """Shared reference data (counties, regions, themes): every row is in scope; the model
    permissions alone decide who may read or change it."""


@admin.register(County)
class CountyAdmin(ReferenceDataAdmin):
    list_display = ["code", "county_name"]
    search_fields = ["code"]

    @admin.display(description=_("name"))
    def county_name(self, obj):
        return obj.name

    def has_add_permission(self, request):
        # The 21 counties come from a migration; they are not edited by hand.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReferenceDataAdmin):
    list_display = ["name", "county_list"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["counties"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("counties")

    @admin.display(description=_("counties"))
    def county_list(self, obj):
        return ", ".join(str(c) for c in obj.counties.all())
