"""Every URL pattern of the project, for tests that walk them all (authorisation, fuzzing).

`url_patterns()` flattens the root URLconf into (name, route, converters) entries, e.g.
("events:detail", "events/<slug:slug>/", {"slug": SlugConverter}); a walking test decides how to
fill each kind of argument and fails on a pattern it does not know, so new URLs get covered.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Entry:
    name: str  # "namespace:name", or "" for unnamed patterns
    route: str  # the path as written, prefixes joined; the language prefix is left out
    converters: tuple[str, ...]  # argument names the route takes

    @property
    def takes_arguments(self) -> bool:
        return bool(self.converters)


def _walk(patterns, prefix: str, namespace: str):
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith("^"):  # i18n_patterns' locale prefix resolver
                route = ""
            inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + route, inner.strip(":"))
        elif isinstance(pattern, URLPattern):
            qualified = f"{namespace}:{pattern.name}".strip(":") if pattern.name else ""
            yield Entry(qualified, prefix + route, tuple(pattern.pattern.converters))


def url_patterns(urlconf: str | None = None) -> list[Entry]:
    return list(_walk(get_resolver(urlconf).url_patterns, "", ""))
