import pytest


@pytest.fixture(autouse=True)
def _bench_app(settings):
    # The bench app is installed by bench/settings.py only, never by the production settings.
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "bench"]
    settings.DEBUG = True
