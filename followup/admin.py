from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from companies.scoped_admin import ScopedModelAdmin

from .forms import PhoneAnswerForm
from .models import FollowUpSurvey
from .services import ANSWER_FIELDS, record_phone_answer

FACTS = [
    "project",
    "organisation",
    "wave",
    "first_supported_on",
    "due_on",
    "sent_at",
    "reminded_at",
]
RECORDED = ["channel", "answered_by", "recorded_by", "recorded_at"]


@admin.register(FollowUpSurvey)
class FollowUpSurveyAdmin(ScopedModelAdmin):
    """Staff see the follow-up of their organisation's projects and record answers given on the
    phone; an answer the company gave online is kept as given."""

    form = PhoneAnswerForm
    # The answer page is the company admins'; staff record answers here.
    view_on_site = False
    list_display = [
        "organisation",
        "project",
        "wave",
        "due_on",
        "sent_at",
        "answered_at",
        "channel",
    ]
    list_filter = ["wave", "channel", ("project", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["organisation__name", "organisation__organisation_number"]
    list_select_related = ["organisation", "project"]
    date_hierarchy = "due_on"
    fieldsets = [
        (None, {"fields": FACTS}),
        (_("Answers"), {"fields": [*ANSWER_FIELDS, "respondent", "answered_at"]}),
        (_("Recorded"), {"fields": RECORDED}),
    ]

    def has_add_permission(self, request):
        # Surveys fall due from the first support; the schedule creates them.
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.channel == FollowUpSurvey.Channel.ONLINE:
            return [*FACTS, *ANSWER_FIELDS, "respondent", "answered_at", *RECORDED]
        return [*FACTS, *RECORDED]

    def save_model(self, request, obj, form, change):
        if "respondent" not in form.cleaned_data:
            return  # an online answer: read-only, nothing to save
        record_phone_answer(
            survey=obj,
            recorded_by=request.user,
            respondent=form.cleaned_data["respondent"],
            answered_at=form.cleaned_data["answered_at"],
        )
