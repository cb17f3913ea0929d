"""Full-text search: the one rule every search box uses (the site search, the list filters and
the API's `q`), over a search document each searchable model stores.

The document is a generated column (`SearchDocument`), so every write path (a form, the admin,
a bulk update, a data migration) keeps it current. On PostgreSQL it is a tsvector of the Swedish
and the English texts under both the `swedish` and `english` configurations, with a GIN index;
a query matches in either configuration ("hållbarhet" finds "hållbara", "workshops" finds
"workshop"). Snowball's Swedish stemmer leaves definite forms in -et alone ("nätverket"), so each
word is also matched as a prefix after trimming a common Swedish ending.

On SQLite (development without a database server) the document is the lower-cased text, and
each word must occur in it as one of its Snowball stems (the algorithms PostgreSQL uses,
from the snowballstemmer package), so the same Swedish and English word forms find the same rows.
"""

from __future__ import annotations

import re

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connections
from django.db.models import F, FloatField, Func, Q, QuerySet, Value
from django.utils.deconstruct import deconstructible

CONFIGS = ("swedish", "english")
MAX_WORDS = 10
# Longest first; a word keeps at least MIN_PREFIX letters.
SWEDISH_ENDINGS = ("arnas", "ernas", "ornas", "arna", "erna", "orna", "ens", "ets", "et", "en",
                   "ar", "er", "or", "na", "s", "n", "t")  # fmt: skip
MIN_PREFIX = 4
STEMMERS = tuple(snowballstemmer.stemmer(config) for config in CONFIGS)


@deconstructible(path="web.fulltext.SearchDocument")
class SearchDocument(Func):
    """The searchable text of a row: the first `headline` fields weigh most (rank A)."""

    output_field = SearchVectorField()

    def __init__(self, *fields, headline: int = 1):
        super().__init__(*fields)
        self.headline = headline

    def as_postgresql(self, compiler, connection, **extra_context):
        expressions = self.get_source_expressions()
        head, body = expressions[: self.headline], expressions[self.headline :]
        vector = None
        for config in CONFIGS:
            part = SearchVector(*head, config=config, weight="A")
            if body:
                part = part + SearchVector(*body, config=config, weight="B")
            vector = part if vector is None else vector + part
        return compiler.compile(vector.resolve_expression(compiler.query))

    def as_sql(self, compiler, connection, **extra_context):
        # One flat chain of || (Concat nests a function call per part, too deep for SQLite).
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, part_params = compiler.compile(expression)
            parts.append(f"COALESCE({sql}, '')")
            params.extend(part_params)
        return "LOWER(" + " || ' ' || ".join(parts) + ")", params


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())[:MAX_WORDS]


def trim_ending(word: str) -> str:
    for ending in SWEDISH_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_PREFIX:
            return word[: -len(ending)]
    return word


def search_query(text: str) -> SearchQuery:
    """Websearch syntax in both languages, or every word as a trimmed prefix."""
    query = None
    for config in CONFIGS:
        part = SearchQuery(text, config=config, search_type="websearch")
        query = part if query is None else query | part
    if found := words(text):
        # Only word characters reach the raw tsquery, so no input can break its syntax.
        prefixes = " & ".join(f"'{trim_ending(word)}':*" for word in found)
        query |= SearchQuery(prefixes, config="simple", search_type="raw")
    return query


def stem(word: str) -> str:
    """The shortest of the word's Swedish and English stems."""
    return min((stemmer.stemWord(word) for stemmer in STEMMERS), key=len)


def matching(queryset: QuerySet, text: str, field: str = "search_vector") -> QuerySet:
    """The rows of `queryset` whose search document matches `text`, annotated with
    `search_rank` (higher is better; 0 on SQLite, which does not rank). Text without a word
    (only punctuation) matches nothing."""
    if not words(text):
        return queryset.annotate(search_rank=Value(0.0, FloatField())).none()
    if connections[queryset.db].vendor == "postgresql":
        query = search_query(text)
        return queryset.filter(**{field: query}).annotate(search_rank=SearchRank(F(field), query))
    every_word = Q()
    for word in words(text):
        word_stem = stem(word)
        this_word = Q(**{f"{field}__contains": word_stem})
        if not word_stem[0].isascii():
            # SQLite's LOWER() and LIKE fold only A–Z: "Östergötland" stays capitalised in the
            # document, so a word that starts with Å, Ä or Ö is looked for capitalised too.
            this_word |= Q(**{f"{field}__contains": word_stem[0].upper() + word_stem[1:]})
        every_word &= this_word
    return queryset.filter(every_word).annotate(search_rank=Value(0.0, FloatField()))
