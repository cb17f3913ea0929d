from django.apps import AppConfig


class BenchConfig(AppConfig):
    """`make bench`'s dataset generator and measurements; installed only by bench/settings.py."""

    name = "bench"
    verbose_name = "Benchmark"
