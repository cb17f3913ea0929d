"""The benchmark's dataset generator empties the database: production settings do not know it."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command


def test_production_settings_do_not_install_the_bench_app():
    assert "bench" not in settings.INSTALLED_APPS


@pytest.mark.parametrize("command", ["generate_bench_data", "bench_reports"])
def test_bench_commands_are_unknown_to_the_production_settings(command):
    with pytest.raises(CommandError, match="Unknown command"):
        call_command(command)
