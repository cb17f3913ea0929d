"""What each speed trick left in the code buys: CPU milliseconds per request with and without it.

Runs the pages `make bench` loads in-process (bench/inprocess.py: Django's test client, public-page
cache off) on one dataset, once as the code is and once per trick with that trick replaced by
Django's standard way, alternating the variants for ROUNDS rounds so that other load on the
machine falls on each alike; the fastest batch of each is kept. Needs the dataset `make bench`
generates. docs/performance.md holds the figures.

    BENCH_DB_PREFIX=cp_bench .venv/bin/python -m bench.tricks [rounds]
"""

import importlib
import sys

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
sys.argv = [sys.argv[0], "small", "20"]

from django.test.utils import override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench import inprocess, probe  # noqa: E402  (inprocess sets Django up)
from web.slug_urls import slug_url  # noqa: E402

# The models whose get_absolute_url() builds its URL with slug_url().
SLUG_URL_USERS = [
    importlib.import_module(f"{app}.models")
    for app in ("companies", "events", "networks", "news", "projects")
]


def plain_reverse(viewname, slug):
    return reverse(viewname, kwargs={"slug": slug})


VARIANTS = {
    "as is": ({}, slug_url),
    "Django's form renderer": (
        {"FORM_RENDERER": "django.forms.renderers.DjangoTemplates"},
        slug_url,
    ),
    "reverse() for detail URLs": ({}, plain_reverse),
}


def main():
    pages = [page for page in inprocess.key_pages() if not page[1].startswith("/bench/")]
    best = {variant: {} for variant in VARIANTS}
    for round_ in range(ROUNDS):
        for variant, (settings, url_function) in VARIANTS.items():
            for module in SLUG_URL_USERS:
                module.slug_url = url_function
            with override_settings(**settings):
                for name, path, cookie in pages:
                    cpu_ms = inprocess.measure(probe.client_for(cookie), path)["cpu_ms"]
                    best[variant][name] = min(best[variant].get(name, cpu_ms), cpu_ms)
        print(f"round {round_ + 1} of {ROUNDS} done", file=sys.stderr, flush=True)
    for module in SLUG_URL_USERS:
        module.slug_url = slug_url
    print("| page | " + " | ".join(f"{variant}: CPU ms" for variant in VARIANTS) + " |")
    print("| --- |" + " ---: |" * len(VARIANTS))
    for name, _path, _cookie in pages:
        cells = []
        for variant in VARIANTS:
            ms = best[variant][name]
            change = ms / best["as is"][name] - 1
            cells.append(f"{ms:.1f}" if variant == "as is" else f"{ms:.1f} ({change:+.0%})")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
