import csv
import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from companies.scoped_admin import ScopedInlineMixin, ScopedModelAdmin, own_organisation_ids
from networks.models import Network
from projects.admin import project_choices
from web.images import without_metadata
from web.spreadsheets import neutralise
from web.translated_admin import SideBySideTranslationAdmin, TranslationTabularInline

from . import services, signals
from .models import (
    CheckInLog,
    CoHostInvitation,
    Event,
    ProgrammeItem,
    Registration,
    RegistrationQuestion,
    Speaker,
)


class ProgrammeItemInline(ScopedInlineMixin, TranslationTabularInline):
    model = ProgrammeItem
    extra = 0


class SpeakerInline(ScopedInlineMixin, TranslationTabularInline):
    model = Speaker
    extra = 0


class RegistrationQuestionInline(ScopedInlineMixin, admin.StackedInline):
    model = RegistrationQuestion
    extra = 0
    fields = [
        ("kind", "is_required", "on_sign_in_sheet", "order"),
        ("text_sv", "text_en"),
        ("choices_sv", "choices_en"),
    ]
    # Choices are a few short lines each.
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 40})}
    }


class EventForm(forms.ModelForm):
    """The event with a switch per standard registration question, and its image without the
    photo's metadata."""

    standard_questions = forms.MultipleChoiceField(
        label=capfirst(_("standard questions")),
        choices=RegistrationQuestion.Standard.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Ask these at registration, worded for you in Swedish and English; edit the wording "
            "below under the registration questions once saved."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["standard_questions"] = list(
                self.instance.questions.exclude(standard="").values_list("standard", flat=True)
            )

    def save(self, commit=True):
        if "image" in self.changed_data and self.cleaned_data.get("image"):
            # A phone photo carries where and when it was taken: not for a public page.
            self.instance.image = without_metadata(self.cleaned_data["image"])
        return super().save(commit)


class DuplicateEventForm(forms.Form):
    copies = forms.IntegerField(
        label=_("number of copies"),
        min_value=1,
        max_value=12,
        initial=1,
        help_text=_("One for a follow-up meeting, more for a series."),
    )
    weeks_apart = forms.IntegerField(
        label=_("weeks between meetings"), min_value=1, max_value=52, initial=4
    )


@admin.register(Event)
class EventAdmin(SideBySideTranslationAdmin, ScopedModelAdmin):
    """Staff manage the events their organisation hosts or co-hosts; coordinators read the
    events of their projects."""

    hosts_field = "hosts"
    list_display = [
        "title",
        "starts_at",
        "status",
        "seats",
        "waiting",
        "attended",
        "participant_links",
    ]
    list_filter = ["status", "kind", "format", "starts_at", "county"]
    search_fields = ["title", "description", "venue_name", "city"]
    date_hierarchy = "starts_at"
    list_select_related = ["county"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["thematic_areas"]
    filter_horizontal = ["hosts", "projects"]
    form = EventForm
    inlines = [ProgrammeItemInline, SpeakerInline, RegistrationQuestionInline]
    actions = ["publish", "unpublish", "cancel", "duplicate"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "status", "description", "language"]}),
        (_("Image"), {"fields": ["image", "image_alt"]}),
        (
            _("Organisers"),
            {
                "fields": [
                    "hosts",
                    "network",
                    "projects",
                    "thematic_areas",
                    "contact_name",
                    "contact_email",
                ]
            },
        ),
        (_("When"), {"fields": ["starts_at", "ends_at"]}),
        (
            _("Where"),
            {"fields": ["format", "venue_name", "address", "city", "county", "online_url"]},
        ),
        (
            _("Registration"),
            {
                "fields": [
                    "capacity",
                    "max_per_organisation",
                    "waitlist_mode",
                    "offer_hours",
                    "registration_opens_at",
                    "registration_closes_at",
                    "allows_private_persons",
                    "support_hours",
                    "standard_questions",
                ]
            },
        ),
        (
            _("De minimis aid"),
            {
                "fields": ["de_minimis_aid_sek", "aid_valuation", "aid_granting_project"],
                "description": _(
                    "Regulation (EU) 2023/2831: at most EUR 300,000 per single undertaking over "
                    "three years. Each participation that is attended is entered in the ledger."
                ),
            },
        ),
    ]

    def viewable(self, request, queryset):
        if request.user.is_superuser:
            return queryset
        # A subquery rather than viewable_by()'s join, so that the seat counts stay exact.
        return queryset.filter(pk__in=Event.objects.viewable_by(request.user).values("pk"))

    def deletable(self, request, queryset):
        """Only events no other organisation co-hosts: a co-host's event is cancelled, not
        deleted under its feet."""
        foreign_hosts = Event.hosts.through.objects.exclude(
            organisation__in=own_organisation_ids(request)
        )
        return self.manageable(request, queryset).exclude(pk__in=foreign_hosts.values("event_id"))

    def get_queryset(self, request):
        return super().get_queryset(request).with_seat_counts()

    def choices_for(self, request, db_field):
        if db_field.name == "network":
            return Network.objects.manageable_by(request.user)
        if db_field.name in ("projects", "aid_granting_project"):
            return project_choices(request)
        return super().choices_for(request, db_field)

    # Columns ---------------------------------------------------------------------------------
    @admin.display(description=_("standard questions"))
    def standard_questions(self, obj):
        # What the read-only change page shows in place of EventForm's switches.
        labels = dict(RegistrationQuestion.Standard.choices)
        chosen = obj.questions.exclude(standard="").values_list("standard", flat=True)
        return ", ".join(str(labels[standard]) for standard in chosen) or "–"

    @admin.display(description=_("registered / capacity"), ordering="confirmed_count")
    def seats(self, obj):
        capacity = obj.capacity if obj.capacity is not None else "–"
        return f"{obj.confirmed_count} / {capacity}"

    @admin.display(description=_("waiting"), ordering="waitlisted_count")
    def waiting(self, obj):
        return obj.waitlisted_count

    @admin.display(description=_("attended"), ordering="attended_count")
    def attended(self, obj):
        return obj.attended_count

    @admin.display(description=_("participants"))
    def participant_links(self, obj):
        return format_html(
            '<a href="{}?event__id__exact={}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>'
            ' · <a href="{}">{}</a>',
            reverse("admin:events_registration_changelist"),
            obj.pk,
            gettext("list"),
            reverse("admin:events_event_participants", args=[obj.pk]),
            gettext("print"),
            reverse("admin:events_event_participants_csv", args=[obj.pk]),
            gettext("CSV"),
            reverse("events:check_in", args=[obj.slug]),
            gettext("check-in"),
        )

    # Saving ----------------------------------------------------------------------------------
    def save_model(self, request, obj, form, change):
        before = Event.objects.get(pk=obj.pk) if change else None
        # Cancelling through the form goes through the same service as the cancel action.
        cancelling = (
            before is not None
            and before.status != Event.Status.CANCELLED
            and obj.status == Event.Status.CANCELLED
        )
        if cancelling:
            obj.status = before.status
        super().save_model(request, obj, form, change)
        if cancelling:
            obj.status = services.cancel_event(event=obj).status
        obj.changed_schedule_fields = (
            services.changed_schedule_fields(before, obj) if before is not None else []
        )
        if obj.changed_schedule_fields:
            self.schedule_changed(request, obj, obj.changed_schedule_fields)

    def save_related(self, request, form, formsets, change):
        # Another organisation chosen as host is invited; it becomes a host when it accepts.
        invited = []
        if not request.user.is_superuser and "hosts" in form.cleaned_data:
            current = set(form.instance.hosts.values_list("pk", flat=True)) if change else set()
            own = own_organisation_ids(request)
            hosts = list(form.cleaned_data["hosts"])
            invited = [h for h in hosts if h.pk not in current and h.pk not in own]
            form.cleaned_data["hosts"] = [h for h in hosts if h not in invited]
        super().save_related(request, form, formsets, change)
        if "standard_questions" in form.changed_data:
            services.switch_standard_questions(
                event=form.instance, standards=form.cleaned_data["standard_questions"]
            )
        if invited:
            services.invite_cohosts(
                event=form.instance, organisations=invited, invited_by=request.user
            )
            self.message_user(
                request,
                gettext(
                    "Invited %(organisations)s to co-host; each becomes a host when its staff "
                    "accept."
                )
                % {"organisations": ", ".join(str(o) for o in invited)},
                messages.INFO,
            )

    def schedule_changed(self, request, event, fields: list[str]) -> None:
        """The event's time or place changed: everyone registered or waiting is told."""
        notified = services.announce_event_change(event=event, changed_fields=fields)
        if notified:
            self.message_user(
                request,
                ngettext(
                    "%(count)d registrant will be told about the change.",
                    "%(count)d registrants will be told about the change.",
                    len(notified),
                )
                % {"count": len(notified)},
                messages.INFO,
            )

    # Actions ---------------------------------------------------------------------------------
    def _set_status(self, request, queryset, *, from_statuses, to_status, log_message):
        changed = 0
        for event in self.only_manageable(request, queryset).filter(status__in=from_statuses):
            event.status = to_status
            event.save(update_fields=["status", "updated_at"])
            self.log_action(request, event, log_message)
            changed += 1
        return changed

    @admin.action(description=_("Publish selected events"), permissions=["change"])
    def publish(self, request, queryset):
        changed = self._set_status(
            request,
            queryset,
            from_statuses=[Event.Status.DRAFT],
            to_status=Event.Status.PUBLISHED,
            log_message=gettext("Published."),
        )
        self.message_user(
            request,
            ngettext("Published %(n)d event.", "Published %(n)d events.", changed) % {"n": changed},
        )

    @admin.action(
        description=_("Unpublish selected events (back to draft)"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        changed = self._set_status(
            request,
            queryset,
            from_statuses=[Event.Status.PUBLISHED],
            to_status=Event.Status.DRAFT,
            log_message=gettext("Unpublished."),
        )
        self.message_user(
            request,
            ngettext("Unpublished %(n)d event.", "Unpublished %(n)d events.", changed)
            % {"n": changed},
        )

    @admin.action(description=_("Cancel selected events"), permissions=["change"])
    def cancel(self, request, queryset):
        changed = 0
        events = self.only_manageable(request, queryset).exclude(status=Event.Status.CANCELLED)
        for event in events:
            services.cancel_event(event=event)
            self.log_action(request, event, pgettext("event", "Cancelled."))
            changed += 1
        self.message_user(
            request,
            ngettext("Cancelled %(n)d event.", "Cancelled %(n)d events.", changed) % {"n": changed},
        )

    @admin.action(description=_("Duplicate for a follow-up meeting or series"), permissions=["add"])
    def duplicate(self, request, queryset):
        events = list(self.only_manageable(request, queryset))
        form = DuplicateEventForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            copies = []
            for event in events:
                for number in range(1, form.cleaned_data["copies"] + 1):
                    starts_at = event.starts_at + datetime.timedelta(
                        weeks=form.cleaned_data["weeks_apart"] * number
                    )
                    copy = services.duplicate_event(event=event, starts_at=starts_at)
                    self.log_addition(
                        request, copy, gettext("Duplicated from %(event)s.") % {"event": event}
                    )
                    copies.append(copy)
            self.message_user(
                request,
                ngettext("Created %(n)d draft copy.", "Created %(n)d draft copies.", len(copies))
                % {"n": len(copies)},
            )
            return None
        return TemplateResponse(
            request,
            "admin/events/event/duplicate.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Duplicate events"),
                "opts": self.opts,
                "events": events,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    # Participant list and CSV ----------------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/participants/",
                view(self.participants_view),
                name="events_event_participants",
            ),
            path(
                "<path:object_id>/participants.csv",
                view(self.participants_csv_view),
                name="events_event_participants_csv",
            ),
            *super().get_urls(),
        ]

    def _participant_event(self, request, object_id):
        event = self.get_object(request, object_id)
        if not (
            self.has_view_or_change_permission(request, event)
            and request.user.has_perm("events.view_registration")
        ):
            raise PermissionDenied
        return event

    @staticmethod
    def _participants(event):
        return (
            event.registrations.live()
            .select_related("user", "organisation")
            .prefetch_related("answers")
            .order_by("status", "user__last_name", "user__first_name", "user__email", "id")
        )

    def participants_view(self, request, object_id):
        """A printable list of the confirmed participants, with room to sign on the day, and
        everyone's answers to the registration questions."""
        event = self._participant_event(request, object_id)
        registrations = list(self._participants(event))
        columns = event.answer_columns()
        on_sheet = [column for column in columns if column.on_sign_in_sheet]
        for registration in registrations:
            registration.sheet_cells = registration.answer_cells(on_sheet)
            registration.all_answer_cells = registration.answer_cells(columns)
        return TemplateResponse(
            request,
            "admin/events/event/participants.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Participants: %(event)s") % {"event": event},
                "opts": self.opts,
                "original": event,
                "event": event,
                "confirmed": [r for r in registrations if r.status == r.Status.CONFIRMED],
                "waitlisted": [r for r in registrations if r.status == r.Status.WAITLISTED],
                "answer_columns": columns,
                "sheet_columns": on_sheet,
                "answered": registrations if any(r.answers.all() for r in registrations) else [],
            },
        )

    def participants_csv_view(self, request, object_id):
        event = self._participant_event(request, object_id)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{event.slug}-participants.csv"'
        response.write("\ufeff")  # so that spreadsheet programs read UTF-8
        writer = csv.writer(response)
        columns = event.answer_columns()
        writer.writerow(
            [
                gettext("name"),
                gettext("email"),
                gettext("organisation"),
                gettext("organisation number"),
                gettext("status"),
                gettext("attended"),
                gettext("checked in at"),
                gettext("registered at"),
                *(neutralise(column.header) for column in columns),
            ]
        )
        for r in self._participants(event):
            row = [
                r.user.display_name if r.user else gettext("(deleted user)"),
                r.user.email if r.user else "",
                r.organisation.name if r.organisation else "",
                r.organisation.formatted_organisation_number if r.organisation else "",
                r.get_status_display(),
                {True: gettext("yes"), False: gettext("no")}.get(r.attended, ""),
                _local(r.checked_in_at),
                _local(r.created_at),
                *r.answer_cells(columns),
            ]
            writer.writerow([neutralise(value) for value in row])
        self.log_action(request, event, gettext("Exported the participant list."))
        return response


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@admin.register(CoHostInvitation)
class CoHostInvitationAdmin(ScopedModelAdmin):
    """Invitations to co-host: the invited organisation's staff accept or decline them; the
    event's hosts see the answers."""

    list_display = ["event", "organisation", "status", "invited_by", "invited_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["event__title", "organisation__name"]
    list_select_related = ["event", "organisation", "invited_by"]
    fields = [
        "event",
        "organisation",
        "status",
        "invited_by",
        "invited_at",
        "decided_by",
        "decided_at",
    ]
    readonly_fields = fields
    actions = ["accept", "decline"]

    def viewable(self, request, queryset):
        return queryset.viewable_by(request.user)

    def has_add_permission(self, request):
        # Invitations are made by choosing a host on the event's page.
        return False

    def _decide(self, request, queryset, *, accept: bool):
        decided = 0
        for invitation in self.only_manageable(request, queryset).pending():
            services.decide_cohost_invitation(
                invitation=invitation, accept=accept, decided_by=request.user
            )
            self.log_action(
                request, invitation, gettext("Accepted.") if accept else gettext("Declined.")
            )
            decided += 1
        if accept:
            message = ngettext("Accepted %(n)d invitation.", "Accepted %(n)d invitations.", decided)
        else:
            message = ngettext("Declined %(n)d invitation.", "Declined %(n)d invitations.", decided)
        self.message_user(request, message % {"n": decided})

    @admin.action(description=_("Accept: co-host the selected events"), permissions=["change"])
    def accept(self, request, queryset):
        self._decide(request, queryset, accept=True)

    @admin.action(description=_("Decline the selected invitations"), permissions=["change"])
    def decline(self, request, queryset):
        self._decide(request, queryset, accept=False)


@admin.register(Registration)
class RegistrationAdmin(ScopedModelAdmin):
    """Registrations change only through the same services as the public site, so that the
    capacity rule holds: every field but attendance is read-only and the actions call the
    services."""

    # Name, organisation, status and attendance fit beside the filters at 1280 px; the e-mail
    # address sits under the name rather than in a column of its own.
    list_display = ["participant", "organisation", "status", "attendance", "event", "checked_in_at"]
    list_filter = ["status", "attended", ("event", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "user__email",
        "user__first_name",
        "user__last_name",
        "organisation__name",
    ]
    list_select_related = ["user", "organisation", "event"]
    actions = ["mark_attended", "mark_not_attended", "promote", "cancel", "resend_certificate"]
    readonly_fields = [
        "event",
        "user",
        "organisation",
        "status",
        "checked_in_at",
        "created_at",
        "updated_at",
        "cancelled_at",
        "promoted_at",
        "offer_expires_at",
    ]
    # Attendance is the one field staff tick here; Registration.clean() holds its rule.
    fields = [*readonly_fields[:4], "attended", *readonly_fields[4:], "answers"]
    readonly_fields = [*readonly_fields, "answers"]

    def viewable(self, request, queryset):
        return queryset.viewable_by(request.user)

    def has_add_permission(self, request):
        # People register on the public site, where the capacity rule and consent apply.
        return False

    @admin.display(description=_("participant"), ordering="user__last_name")
    def participant(self, obj):
        if obj.user is None:
            return gettext("(deleted user)")
        return format_html(
            '{}<br><span class="secondary-line">{}</span>', obj.user.display_name, obj.user.email
        )

    # In words: Django's yes/no icons are labelled "True", "False" and "None" in every language.
    @admin.display(description=_("attended"), ordering="attended")
    def attendance(self, obj):
        if obj.attended is None:
            return self.get_empty_value_display()
        return gettext("yes") if obj.attended else gettext("no")

    @admin.display(description=_("answers to the registration questions"))
    def answers(self, obj):
        answers = list(obj.answers.all())
        if not answers:
            return self.get_empty_value_display()
        return format_html_join(
            "", "<p><strong>{}</strong><br>{}</p>", ((a.question_text, a.answer) for a in answers)
        )

    def _mark(self, request, queryset, *, attended: bool):
        queryset = self.only_manageable(request, queryset)
        changed, refusals = 0, []
        message = gettext("Marked as attended.") if attended else gettext("Marked as not attended.")
        for registration in queryset.confirmed().select_related("event"):
            before = registration.attended
            try:
                services.record_attendance(
                    registration=registration,
                    attended=attended,
                    by=request.user,
                    source=CheckInLog.Source.ADMIN_ACTION,
                )
            except services.AttendanceRefused as refusal:
                if refusal.message not in refusals:
                    refusals.append(refusal.message)
                continue
            if before != attended:
                self.log_action(request, registration, message)
                changed += 1
        self.message_user(
            request,
            ngettext("Updated %(n)d registration.", "Updated %(n)d registrations.", changed)
            % {"n": changed},
        )
        self.report_refusals(request, refusals)
        skipped = queryset.exclude(status=Registration.Status.CONFIRMED).count()
        if skipped:
            self.message_user(
                request,
                gettext("Only confirmed registrations can attend; %(n)d left as they were.")
                % {"n": skipped},
                messages.WARNING,
            )

    def save_model(self, request, obj, form, change):
        # Only attendance is editable here; it goes through the service that logs it.
        if change and "attended" in form.changed_data:
            try:
                services.record_attendance(
                    registration=obj,
                    attended=obj.attended,
                    by=request.user,
                    source=CheckInLog.Source.ADMIN_FORM,
                )
            except services.AttendanceRefused as refusal:
                self.message_user(request, refusal.message, messages.ERROR)

    @admin.action(description=_("Mark attended (checked in now)"), permissions=["change"])
    def mark_attended(self, request, queryset):
        self._mark(request, queryset, attended=True)

    @admin.action(description=_("Mark not attended"), permissions=["change"])
    def mark_not_attended(self, request, queryset):
        self._mark(request, queryset, attended=False)

    @admin.action(
        description=_("Email the certificate of attendance (again)"), permissions=["change"]
    )
    def resend_certificate(self, request, queryset):
        sent = 0
        now = timezone.now()
        registrations = self.only_manageable(request, queryset).attended()
        for registration in registrations.select_related("event", "user"):
            answers = signals.certificate_resend_requested.send(
                sender=Registration, registration=registration, resend_at=now
            )
            if any(message for _receiver, message in answers):
                self.log_action(request, registration, gettext("Certificate emailed."))
                sent += 1
        self.message_user(
            request,
            ngettext(
                "%(n)d certificate will be emailed.", "%(n)d certificates will be emailed.", sent
            )
            % {"n": sent},
        )
        skipped = queryset.count() - sent
        if skipped:
            self.message_user(
                request,
                gettext("%(n)d left out: certificates are for those who attended, after the event.")
                % {"n": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Promote from the waiting list"), permissions=["change"])
    def promote(self, request, queryset):
        promoted, refusals = 0, []
        for registration in self.only_manageable(request, queryset).waitlist_order():
            try:
                services.promote_registration(registration=registration)
            except services.RegistrationRefused as refusal:
                refusals.append(f"{registration}: {refusal.message}")
                continue
            self.log_action(request, registration, gettext("Promoted from the waiting list."))
            promoted += 1
        self.message_user(
            request,
            ngettext("Promoted %(n)d registration.", "Promoted %(n)d registrations.", promoted)
            % {"n": promoted},
        )
        self.report_refusals(request, refusals)

    @admin.action(description=_("Cancel selected registrations"), permissions=["change"])
    def cancel(self, request, queryset):
        cancelled = 0
        for registration in self.only_manageable(request, queryset).live():
            services.cancel_registration(registration=registration)
            self.log_action(request, registration, pgettext("registration", "Cancelled."))
            cancelled += 1
        self.message_user(
            request,
            ngettext("Cancelled %(n)d registration.", "Cancelled %(n)d registrations.", cancelled)
            % {"n": cancelled},
        )


@admin.register(CheckInLog)
class CheckInLogAdmin(ScopedModelAdmin):
    """The attendance history of the events the user manages: read-only, written by the
    attendance service."""

    list_display = ["recorded_at", "event", "registration", "action", "source", "recorded_by"]
    list_filter = ["action", "source", ("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["event", "registration__user", "registration__event", "recorded_by"]
    date_hierarchy = "recorded_at"
    fields = [*list_display, "transferred_from", "transferred_to"]

    def manageable(self, request, queryset):
        return queryset.filter(event__in=Event.objects.manageable_by(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
