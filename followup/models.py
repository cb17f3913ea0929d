"""Result follow-up: a short survey to each enterprise some months after its first support in a
project, for the EU result indicators (RCR01 jobs, RCR03 product or process innovation, RCR04
marketing or organisational innovation) and new research collaboration."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation
from projects.models import Project

TOKEN_SALT = "followup.survey"


class FollowUpSurveyQuerySet(models.QuerySet):
    def answered(self):
        return self.filter(answered_at__isnull=False)

    def unanswered(self):
        return self.filter(answered_at__isnull=True)

    def manageable_by(self, user):
        """Surveys of the projects the user's organisation owns (staff), every one (superusers)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(project__in=Project.objects.manageable_by(user))

    def answerable_by(self, user):
        """Surveys the user may answer: those of the companies they administer."""
        return self.filter(organisation__in=Organisation.objects.administered_by(user))

    def due_for_reminder(self, *, sent_before):
        return self.unanswered().filter(
            sent_at__isnull=False, sent_at__lte=sent_before, reminded_at__isnull=True
        )


class FollowUpSurvey(models.Model):
    """One enterprise's follow-up in one project, `wave` months after its first support there."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online, by the company")
        PHONE = "phone", _("By phone, recorded by staff")

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="follow_up_surveys",
        verbose_name=_("project"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="follow_up_surveys",
        verbose_name=_("enterprise"),
    )
    wave = models.PositiveSmallIntegerField(_("months after the first support"))
    first_supported_on = models.DateField(_("first support in the project"))
    due_on = models.DateField(_("due on"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # The answers: empty until someone answers.
    new_product_or_process = models.BooleanField(
        _("introduced a new product or process (RCR03)"), null=True, blank=True
    )
    new_marketing_or_organisation = models.BooleanField(
        _("introduced a new marketing or organisational method (RCR04)"), null=True, blank=True
    )
    jobs_created = models.DecimalField(
        _("jobs created, full-time equivalents (RCR01)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
    )
    research_collaboration = models.BooleanField(
        _("started a new collaboration with a research organisation"), null=True, blank=True
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    channel = models.CharField(
        _("answered via"), max_length=16, choices=Channel.choices, blank=True
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    respondent = models.CharField(
        _("respondent"),
        max_length=200,
        blank=True,
        help_text=_("For an answer given by phone: who at the company answered."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FollowUpSurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up survey")
        verbose_name_plural = _("follow-up surveys")
        ordering = ["-due_on", "organisation__name"]
        constraints = [
            # The schedule may run twice, or twice at once: one survey per wave all the same.
            models.UniqueConstraint(
                fields=["project", "organisation", "wave"], name="one_follow_up_per_wave"
            ),
            models.CheckConstraint(condition=Q(wave__gt=0), name="follow_up_wave_positive"),
            models.CheckConstraint(
                condition=Q(jobs_created__isnull=True) | Q(jobs_created__gte=0),
                name="follow_up_jobs_not_negative",
            ),
            # An answer is complete: all four questions, or none.
            models.CheckConstraint(
                condition=Q(
                    answered_at__isnull=True,
                    new_product_or_process__isnull=True,
                    new_marketing_or_organisation__isnull=True,
                    jobs_created__isnull=True,
                    research_collaboration__isnull=True,
                )
                | Q(
                    answered_at__isnull=False,
                    new_product_or_process__isnull=False,
                    new_marketing_or_organisation__isnull=False,
                    jobs_created__isnull=False,
                    research_collaboration__isnull=False,
                ),
                name="follow_up_answer_complete",
            ),
        ]
        indexes = [
            # The reminder run: sent and not yet reminded.
            models.Index(
                fields=["sent_at"],
                condition=Q(reminded_at__isnull=True, answered_at__isnull=True),
                name="follow_up_awaiting_reminder",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.project} ({self.wave})"

    def get_absolute_url(self):
        return reverse("followup:answer", args=[self.token()])

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def token(self) -> str:
        # Without a timestamp: the survey and its reminder carry the same link.
        return signing.Signer(salt=TOKEN_SALT).sign(str(self.pk))


def survey_from_token(token: str) -> FollowUpSurvey | None:
    """The survey a signed link points at, or None when the link is forged or mangled."""
    try:
        pk = signing.Signer(salt=TOKEN_SALT).unsign(token)
    except signing.BadSignature:
        return None
    if not pk.isdigit():
        return None
    return FollowUpSurvey.objects.select_related("project", "organisation").filter(pk=pk).first()
