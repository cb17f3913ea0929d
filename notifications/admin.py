from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import DigestSubscription, Notification
from .services import enqueue_notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind", "language", "created_at"]
    search_fields = ["recipient__email", "dedupe_key"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "kind",
        "recipient",
        "event",
        "registration",
        "network_membership",
        "language",
        "context",
        "dedupe_key",
        "status",
        "attempts",
        "last_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    ]
    actions = ["send_again", "send_held"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the selected failed notifications again"))
    def send_again(self, request, queryset):
        self.resend(request, queryset.filter(status=Notification.Status.FAILED))

    @admin.action(description=_("Send the selected held notifications (not sent before a restore)"))
    def send_held(self, request, queryset):
        self.resend(request, queryset.filter(status=Notification.Status.HELD))

    def resend(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        with transaction.atomic():
            Notification.objects.filter(pk__in=ids).update(
                status=Notification.Status.PENDING, attempts=0
            )
            for pk in ids:
                transaction.on_commit(lambda pk=pk: enqueue_notification(pk))
        self.message_user(
            request,
            ngettext(
                "%(count)d notification will be sent again.",
                "%(count)d notifications will be sent again.",
                len(ids),
            )
            % {"count": len(ids)},
            messages.SUCCESS,
        )


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    autocomplete_fields = ["user", "networks", "thematic_areas"]
