"""The migration that makes the database compute the size class repairs the rows written before:
declarations saved as "unknown" in the admin, and facts saved without a declaration."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.conftest import on_postgres

# Going back to companies 0002 unapplies events migrations of two parallel branches (seat offers,
# de minimis aid). On SQLite, Django rebuilds the events table for the second from a state that
# still holds the first one's columns, so migrating forward again finds them there; PostgreSQL
# alters the table in place. CI runs this on PostgreSQL.
pytestmark = pytest.mark.skipif(
    not on_postgres(),
    reason="needs PostgreSQL (SQLite cannot unapply parallel migration branches cleanly): set "
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/cluster_portal",
)

BEFORE = [("companies", "0002_organisation_list_indexes")]
AFTER = [("companies", "0003_size_class_computed_by_the_database")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest_migrations_after():
    # The tests after this one (on the same worker) need every table as the latest migrations
    # leave it, not as companies 0003 did.
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_declarations_and_undeclared_facts_get_their_size_class(
    counties, latest_migrations_after
):
    old = migrate(BEFORE)
    Organisation = old.get_model("companies", "Organisation")
    SizeDeclaration = old.get_model("companies", "SizeDeclaration")
    in_admin = Organisation.objects.create(name="Declared in the admin", slug="in-admin")
    SizeDeclaration.objects.create(
        organisation=in_admin,
        declared_on=datetime.date(2020, 6, 1),
        headcount=5,
        annual_turnover_eur=Decimal(1_000_000),
        size_class="unknown",
    )
    Organisation.objects.create(
        name="Facts on the organisation form",
        slug="facts-only",
        headcount=40,
        sme_facts_declared_on=datetime.date(2021, 2, 1),
    )
    Organisation.objects.create(name="Never declared", slug="never")

    new = migrate(AFTER)

    SizeDeclaration = new.get_model("companies", "SizeDeclaration")
    assert sorted(
        SizeDeclaration.objects.values_list("organisation__slug", "declared_on", "size_class")
    ) == [
        ("facts-only", datetime.date(2021, 2, 1), "small"),
        ("in-admin", datetime.date(2020, 6, 1), "micro"),
    ]
