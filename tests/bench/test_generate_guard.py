import pytest
from django.core.management import CommandError, call_command

from events.models import Event
from tests.factories import EventFactory


@pytest.mark.django_db
def test_generator_refuses_to_empty_the_database_without_debug(settings):
    settings.DEBUG = False
    EventFactory()
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("generate_bench_data", scale="tiny", flush=True)
    assert Event.objects.count() == 1
