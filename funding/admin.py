from django.contrib import admin
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from companies.scoped_admin import ScopedModelAdmin
from events.models import Event
from projects.models import Project

from .models import DeMinimisEntry, undertaking_total


@admin.register(DeMinimisEntry)
class DeMinimisEntryAdmin(ScopedModelAdmin):
    """The ledger is written by attendance alone: staff read it here, with each undertaking's
    rolling three-year total and whether it passes the ceiling."""

    list_display = [
        "organisation",
        "granted_on",
        "aid_sek",
        "aid_eur",
        "project",
        "event",
        "undertaking_total",
    ]
    list_filter = ["granted_on", ("project", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["organisation__name", "organisation__organisation_number", "event__title"]
    list_select_related = ["organisation", "project", "event"]
    date_hierarchy = "granted_on"
    readonly_fields = [
        "registration",
        "organisation",
        "event",
        "project",
        "granting_body",
        "granted_on",
        "aid_sek",
        "sek_per_eur",
        "aid_eur",
        "valuation",
        "regulation_shown",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields

    def manageable(self, request, queryset):
        user = request.user
        if user.is_superuser:
            return queryset
        return queryset.filter(
            Q(project__in=Project.objects.reportable_by(user).values("pk"))
            | Q(event__in=Event.objects.manageable_by(user).values("pk"))
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("regulation"))
    def regulation_shown(self, obj):
        return obj.regulation_name

    @admin.display(description=_("undertaking's three-year total (EUR)"))
    def undertaking_total(self, obj):
        total = undertaking_total(obj.organisation, on=obj.granted_on)
        amount = formats.number_format(total.total_eur, 2, use_l10n=True, force_grouping=True)
        if total.exceeds_ceiling:
            return _("%(amount)s – over the EUR 300,000 ceiling") % {"amount": amount}
        return amount
