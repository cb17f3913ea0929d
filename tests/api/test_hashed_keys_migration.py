"""Tokens made before keys were hashed keep working after the migration, and their keys leave
the database."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from tests.factories import ScienceParkFactory

BEFORE = [("api", "0001_api_tokens")]
AFTER = [("api", "0003_drop_plain_api_keys")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_key_issued_before_hashing_still_opens_the_api(counties):
    # Only the api app goes back; the organisation is today's (its table is).
    park = ScienceParkFactory(name="STUNS")
    old = migrate(BEFORE)
    ApiToken = old.get_model("api", "ApiToken")
    old_key = "k" * 43
    ApiToken.objects.create(organisation_id=park.pk, name="stuns.se", key=old_key)

    new = migrate(AFTER)
    try:
        stored = new.get_model("api", "ApiToken").objects.get()
        assert stored.key_prefix == old_key[:8]
        assert old_key not in {str(value) for value in vars(stored).values()}
        response = Client().get("/api/v1/themes/", HTTP_AUTHORIZATION=f"Token {old_key}")
        assert response.status_code == 200
        wrong = Client().get("/api/v1/themes/", HTTP_AUTHORIZATION=f"Token {'x' * 43}")
        assert wrong.status_code == 401
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
