"""Test data built once per module, as Django's `setUpTestData` does for a TestCase class."""

import contextlib

from django.db import transaction


@contextlib.contextmanager
def kept_for_the_module(django_db_blocker):
    """Rows written in this block stay for every test of the module and are rolled back after
    its last test; each test's own transaction nests inside (as a savepoint), so what a test
    writes is still undone after it. Tests should get a copy of the objects built here
    (`copy.deepcopy`), so one test's changes in memory never reach the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)
