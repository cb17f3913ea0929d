from modeltranslation.translator import TranslationOptions, register

from .models import Article, EventReport


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "summary", "body")


@register(EventReport)
class EventReportTranslation(TranslationOptions):
    fields = ("body",)
