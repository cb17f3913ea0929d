"""`make bench` (bench/run.py) runs without Django set up, so it names the generated national
programme itself: a dataset without that project is generated again rather than measured
without a report covering every registration."""

from bench import run
from bench.management.commands import generate_bench_data


def test_the_bench_runner_looks_for_the_project_the_generator_makes():
    assert run.BENCH_NATIONAL_PROJECT_SLUG == generate_bench_data.BENCH_NATIONAL_PROJECT_SLUG


def test_the_bench_names_the_api_event_list_it_loads_and_judges_its_flat_cost():
    import inspect

    from bench import probe

    assert run.API_EVENT_LIST in inspect.getsource(probe)

    def runs(rps, trivial):
        return {"16": {"rps": rps}, "reference": {"rps": trivial}}

    def result(api_rps):
        return {
            "pages": [],
            "uncached": {run.API_EVENT_LIST: runs(api_rps, 1000)},
            "cached": {},
            "csv": {},
        }

    kept = "\n".join(run.targets({"small": result(500), "large": result(400)}))
    assert f"{run.API_EVENT_LIST}: large/small throughput 0.80" in kept
    assert "400 against 500 req/s" in kept
    assert "not met" not in kept
    lost = "\n".join(run.targets({"small": result(500), "large": result(300)}))
    assert f"{run.API_EVENT_LIST}: large/small throughput 0.60" in lost
    assert "**not met**" in lost
