from modeltranslation.translator import TranslationOptions, register

from .models import Event, ProgrammeItem, Speaker


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description")


@register(ProgrammeItem)
class ProgrammeItemTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("topic",)
