from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation
from companies.scoped_admin import ScopedInlineMixin, ScopedModelAdmin
from projects.admin import project_choices
from web.translated_admin import SideBySideTranslationAdmin

from .models import Network, NetworkMembership
from .services import MembershipRefused, decide_membership


class NetworkMembershipInline(ScopedInlineMixin, admin.TabularInline):
    """The members, read-only: requests are decided through the approve and reject actions."""

    model = NetworkMembership
    extra = 0
    fields = ["organisation", "status", "contact_user", "requested_at", "decided_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "contact_user")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Network)
class NetworkAdmin(SideBySideTranslationAdmin, ScopedModelAdmin):
    hosts_field = "hosts"
    list_display = ["name", "join_policy", "project", "is_archived", "member_count", "pending"]
    list_filter = ["join_policy", "is_archived", "counties", "thematic_areas"]
    search_fields = ["name", "description"]
    list_select_related = ["project"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["thematic_areas"]
    filter_horizontal = ["hosts", "counties"]
    inlines = [NetworkMembershipInline]
    actions = ["archive", "unarchive"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                active_member_count=Count(
                    "memberships", filter=Q(memberships__status=NetworkMembership.Status.ACTIVE)
                ),
                pending_count=Count(
                    "memberships", filter=Q(memberships__status=NetworkMembership.Status.PENDING)
                ),
            )
        )

    def choices_for(self, request, db_field):
        if db_field.name == "project":
            return project_choices(request)
        if db_field.name == "hosts" and not request.user.is_superuser:
            # Another organisation hosts a network only with its consent: networks have no
            # invitation yet (events do), so staff name their own organisations; co-hosts a
            # superuser added stay (the scoped base keeps current choices).
            return Organisation.objects.manageable_by(request.user)
        return super().choices_for(request, db_field)

    @admin.display(description=_("members"), ordering="active_member_count")
    def member_count(self, obj):
        return obj.active_member_count

    @admin.display(description=_("pending requests"), ordering="pending_count")
    def pending(self, obj):
        if not obj.pending_count:
            return 0
        return format_html(
            '<a href="{}?network__id__exact={}&amp;status__exact=pending">{}</a>',
            reverse("admin:networks_networkmembership_changelist"),
            obj.pk,
            obj.pending_count,
        )

    def _set_archived(self, request, queryset, archived: bool):
        changed = 0
        for network in self.only_manageable(request, queryset).filter(is_archived=not archived):
            network.is_archived = archived
            network.save(update_fields=["is_archived", "updated_at"])
            self.log_action(
                request, network, gettext("Archived.") if archived else gettext("Unarchived.")
            )
            changed += 1
        return changed

    @admin.action(description=_("Archive selected networks"), permissions=["change"])
    def archive(self, request, queryset):
        changed = self._set_archived(request, queryset, True)
        self.message_user(
            request,
            ngettext("Archived %(n)d network.", "Archived %(n)d networks.", changed)
            % {"n": changed},
        )

    @admin.action(description=_("Unarchive selected networks"), permissions=["change"])
    def unarchive(self, request, queryset):
        changed = self._set_archived(request, queryset, False)
        self.message_user(
            request,
            ngettext("Unarchived %(n)d network.", "Unarchived %(n)d networks.", changed)
            % {"n": changed},
        )


@admin.register(NetworkMembership)
class NetworkMembershipAdmin(ScopedModelAdmin):
    """Membership requests are decided here, one by one (the buttons in each row) or in bulk
    (the actions), always through `decide_membership`."""

    list_display = [
        "organisation",
        "status",
        "decide_buttons",
        "applicant_message",
        "network",
        "requested_at",
        "contact_user",
    ]
    list_filter = ["status", ("network", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["organisation__name", "network__name", "contact_user__email"]
    list_select_related = ["organisation", "network", "contact_user"]
    actions = ["approve", "reject"]
    fields = [
        "network",
        "organisation",
        "status",
        "contact_user",
        "message",
        "requested_at",
        "decided_at",
        "decided_by",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        # Organisations ask to join on the public site; hosts decide here.
        return request.user.is_superuser and super().has_add_permission(request)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser and obj is None:
            return ["requested_at", "decided_at", "decided_by"]
        return self.readonly_fields

    # The applicant's reasons, where the decision is made (long ones are cut; the request's own
    # page shows the whole text).
    @admin.display(description=_("message to the hosts"))
    def applicant_message(self, obj):
        return Truncator(obj.message).words(30)

    @admin.display(description=_("decide"))
    def decide_buttons(self, obj):
        if obj.status != NetworkMembership.Status.PENDING:
            return ""
        # Buttons of the changelist form (which carries the CSRF token) posting elsewhere: a
        # row action without nested forms or JavaScript.
        return format_html(
            '<button type="submit" class="button" formaction="{}">{}</button> '
            '<button type="submit" class="button" formaction="{}">{}</button>',
            reverse("admin:networks_networkmembership_approve", args=[obj.pk]),
            gettext("Approve"),
            reverse("admin:networks_networkmembership_reject", args=[obj.pk]),
            gettext("Reject"),
        )

    def _decide(self, request, memberships, *, approve: bool) -> int:
        decided, refusals = 0, []
        for membership in memberships:
            try:
                decide_membership(membership=membership, approve=approve, decided_by=request.user)
            except MembershipRefused as refusal:
                refusals.append(f"{membership}: {refusal.message}")
                continue
            self.log_action(
                request, membership, gettext("Approved.") if approve else gettext("Rejected.")
            )
            decided += 1
        if approve:
            message = ngettext("Approved %(n)d request.", "Approved %(n)d requests.", decided)
        else:
            message = ngettext("Rejected %(n)d request.", "Rejected %(n)d requests.", decided)
        self.message_user(request, message % {"n": decided})
        self.report_refusals(request, refusals)
        return decided

    @admin.action(description=_("Approve selected requests"), permissions=["change"])
    def approve(self, request, queryset):
        self._decide(request, self.only_manageable(request, queryset), approve=True)

    @admin.action(description=_("Reject selected requests"), permissions=["change"])
    def reject(self, request, queryset):
        self._decide(request, self.only_manageable(request, queryset), approve=False)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/approve/",
                view(self.decide_view),
                {"approve": True},
                name="networks_networkmembership_approve",
            ),
            path(
                "<path:object_id>/reject/",
                view(self.decide_view),
                {"approve": False},
                name="networks_networkmembership_reject",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, object_id, approve: bool):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        membership = self.get_object(request, object_id)
        if not self.has_change_permission(request, membership):
            raise PermissionDenied
        self._decide(request, [membership], approve=approve)
        return HttpResponseRedirect(reverse("admin:networks_networkmembership_changelist"))
