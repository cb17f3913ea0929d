import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    # A request under /en/ elsewhere in the suite leaves English active in this thread;
    # these tests build Swedish (unprefixed) URLs with reverse().
    with translation.override(settings.LANGUAGE_CODE):
        yield
