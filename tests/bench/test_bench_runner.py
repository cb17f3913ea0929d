"""`make bench` (bench/run.py) runs without Django set up, so it names the generated national
programme itself: a dataset without that project is generated again rather than measured
without a report covering every registration."""

from bench import run
from bench.management.commands import generate_bench_data


def test_the_bench_runner_looks_for_the_project_the_generator_makes():
    assert run.BENCH_NATIONAL_PROJECT_SLUG == generate_bench_data.BENCH_NATIONAL_PROJECT_SLUG
