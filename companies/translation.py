from modeltranslation.translator import TranslationOptions, register

from .models import Organisation, ThematicArea


@register(ThematicArea)
class ThematicAreaTranslation(TranslationOptions):
    fields = ("name",)


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("description",)
