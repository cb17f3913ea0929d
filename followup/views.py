from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import SurveyAnswerForm
from .models import FollowUpSurvey, survey_from_token
from .services import answer_follow_up_survey


@login_required
def answer(request, token):
    """The company's admins answer their follow-up survey; for anyone else it does not exist."""
    survey = survey_from_token(token)
    if survey is None or not FollowUpSurvey.objects.answerable_by(request.user).filter(
        pk=survey.pk
    ):
        raise Http404
    if survey.is_answered:
        return render(request, "followup/answered.html", {"survey": survey})
    form = SurveyAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if answer_follow_up_survey(survey=survey, user=request.user, answers=form.cleaned_data):
            messages.success(request, _("Thank you: your answers are saved."))
        else:
            messages.info(request, _("Someone at your company answered this survey already."))
        return redirect(request.path)
    return render(request, "followup/answer.html", {"survey": survey, "form": form})
