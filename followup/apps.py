from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowUpConfig(AppConfig):
    name = "followup"
    verbose_name = _("Result follow-up")

    def ready(self):
        # The outbox renders the survey mail with this app's builder: the notifications app
        # sits below this one and cannot import it.
        from notifications.emails import register_builder
        from notifications.models import Notification

        from .emails import survey_email_context

        register_builder(Notification.Kind.FOLLOW_UP_SURVEY, survey_email_context)
        register_builder(Notification.Kind.FOLLOW_UP_REMINDER, survey_email_context)
