from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from companies.scoped_admin import ScopedModelAdmin
from events.models import Event
from networks.models import Network

from . import services
from .emails import render_organiser_message
from .forms import OrganiserMessageForm
from .models import DigestSubscription, Notification, OrganiserMessage
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


@admin.register(OrganiserMessage)
class OrganiserMessageAdmin(ScopedModelAdmin):
    """The log of messages to participants and members, read-only; they are written from an
    event's or a network's page (`compose_view`), by staff of its hosts."""

    list_display = [
        "__str__",
        "about",
        "audience",
        "sender",
        "status",
        "recipient_count",
        "opted_out_count",
        "queued_at",
    ]
    list_filter = ["status", "audience", "queued_at"]
    search_fields = ["subject_sv", "subject_en", "event__title", "network__name"]
    list_select_related = ["event", "network", "sender"]
    date_hierarchy = "created_at"
    fields = [
        "event",
        "network",
        "audience",
        "sender",
        "status",
        "recipient_count",
        "opted_out_count",
        "sent_so_far",
        "created_at",
        "queued_at",
        "subject_sv",
        "body_sv",
        "subject_en",
        "body_en",
        "attachment",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        # Written from the event's or the network's page, where the recipients are.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("about"))
    def about(self, obj):
        return obj.about

    @admin.display(description=_("sent so far"))
    def sent_so_far(self, obj):
        return obj.notifications.filter(status=Notification.Status.SENT).count()

    # Writing a message -----------------------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "event/<path:object_id>/",
                view(self.compose_for_event_view),
                name="notifications_organisermessage_event",
            ),
            path(
                "network/<path:object_id>/",
                view(self.compose_for_network_view),
                name="notifications_organisermessage_network",
            ),
            *super().get_urls(),
        ]

    def compose_for_event_view(self, request, object_id):
        event = self._about(request, Event, object_id)
        return self.compose_view(request, OrganiserMessage(event=event, sender=request.user))

    def compose_for_network_view(self, request, object_id):
        network = self._about(request, Network, object_id)
        return self.compose_view(request, OrganiserMessage(network=network, sender=request.user))

    def _about(self, request, model, object_id):
        """The event or network, if the user's organisation hosts it (another's is a 404)."""
        if not request.user.has_perm("notifications.add_organisermessage"):
            raise PermissionDenied
        try:
            pk = int(object_id)
        except ValueError:
            raise Http404(gettext("Not found.")) from None
        return get_object_or_404(model.objects.manageable_by(request.user), pk=pk)

    def _draft(self, request, message: OrganiserMessage):
        """The sender's own draft of this page named in the request, else the new message."""
        draft_id = request.POST.get("draft") or request.GET.get("draft")
        if not draft_id or not str(draft_id).isdigit():
            return message
        return get_object_or_404(
            OrganiserMessage.objects.filter(
                sender=request.user,
                event=message.event,
                network=message.network,
                status=OrganiserMessage.Status.DRAFT,
            ),
            pk=int(draft_id),
        )

    def compose_view(self, request, message: OrganiserMessage):
        """Write → preview (counts and both languages) → send. Each step is a POST to this
        page; the draft saved at the preview is what is sent."""
        about = message.about
        if request.method == "POST" and "_send" in request.POST:
            return self._send(request, message)
        message = self._draft(request, message)
        form = OrganiserMessageForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
            instance=message,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.check_organiser_message_rate(sender=request.user)
            except services.OrganiserMessageRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                return self._preview(request, form.save())
        return self._render(
            request, "admin/notifications/organisermessage/compose.html", about, form=form
        )

    def _preview(self, request, message: OrganiserMessage):
        recipients, opted_out = services.organiser_message_counts(message)
        return self._render(
            request,
            "admin/notifications/organisermessage/preview.html",
            message.about,
            message=message,
            recipients=recipients,
            opted_out=opted_out,
            previews=[
                render_organiser_message(message, language, request.user)
                for language in message.languages
            ],
        )

    def _send(self, request, message: OrganiserMessage):
        about = message.about
        draft_id = request.POST.get("draft", "")
        draft = get_object_or_404(
            OrganiserMessage.objects.filter(
                sender=request.user, event=message.event, network=message.network
            ),
            pk=int(draft_id) if draft_id.isdigit() else 0,
        )
        try:
            sent = services.send_organiser_message(message=draft, sender=request.user)
        except services.OrganiserMessageRefused as refusal:
            self.message_user(request, refusal.message, messages.ERROR)
            draft.refresh_from_db(fields=["status"])
            if draft.status != OrganiserMessage.Status.DRAFT:
                return HttpResponseRedirect(
                    reverse("admin:notifications_organisermessage_change", args=[draft.pk])
                )
            return HttpResponseRedirect(f"{request.path}?draft={draft.pk}")
        summary = ngettext(
            "Message “%(subject)s” to %(audience)s is on its way to %(count)d person.",
            "Message “%(subject)s” to %(audience)s is on its way to %(count)d people.",
            sent.recipient_count,
        ) % {
            "subject": sent,
            "count": sent.recipient_count,
            "audience": sent.get_audience_display().lower(),
        }
        if sent.opted_out_count:
            summary += " " + ngettext(
                "%(count)d person who opted out of messages from organisers was skipped.",
                "%(count)d people who opted out of messages from organisers were skipped.",
                sent.opted_out_count,
            ) % {"count": sent.opted_out_count}
        self.admin_site.get_model_admin(type(about)).log_change(request, about, summary)
        self.message_user(request, summary, messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:notifications_organisermessage_change", args=[sent.pk])
        )

    def _render(self, request, template, about, **context):
        opts = type(about)._meta
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "title": gettext("Message to participants: %(about)s") % {"about": about},
                "opts": self.opts,
                "about": about,
                "about_opts": opts,
                "about_change_url": reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change", args=[about.pk]
                ),
                **context,
            },
        )
