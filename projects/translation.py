from modeltranslation.translator import TranslationOptions, register

from .models import Project, ProjectGoal


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("name", "description")


@register(ProjectGoal)
class ProjectGoalTranslation(TranslationOptions):
    fields = ("description", "unit")
