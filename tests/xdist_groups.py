"""`make test`'s groups for pytest-xdist: each test file on one worker, each committing test
after everything else (see `pytest_itemcollected` in tests/conftest.py).

pytest-xdist's own `--dist loadgroup` appends the group to each test's node id, which pytest 9.2
no longer lets a plugin change: every test became a group of its own, so both workers built
every module's world and the committing tests were spread over both. Here the workers write
down each test's group when they have collected, and the controller's scheduler reads it.
"""

import json
import os
import shutil
import tempfile
from collections import OrderedDict
from pathlib import Path

import pytest
from xdist.scheduler import LoadScopeScheduling

DIRECTORY = "TESTS_XDIST_GROUPS"
COMMITTING = "committing"


def is_committing(group: str) -> bool:
    return group.startswith(COMMITTING)


class CommittingLast(OrderedDict):
    """The work queue, with the committing groups (one per test) always at its end: a worker
    is handed one only when every other group is handed out, so on each worker the committing
    tests run after its other tests, and both workers share them."""

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        if not is_committing(key):
            for group in [group for group in self if is_committing(group)]:
                self.move_to_end(group)


class GroupScheduling(LoadScopeScheduling):
    def __init__(self, config, log=None):
        super().__init__(config, log)
        self.workqueue = CommittingLast()
        self.groups: dict[str, str] | None = None

    def _split_scope(self, nodeid: str) -> str:
        if self.groups is None:
            self.groups = {}
            for path in Path(os.environ[DIRECTORY]).glob("*.json"):
                self.groups.update(json.loads(path.read_text()))
        return self.groups.get(nodeid) or nodeid.split("::", 1)[0]


def _distributes_by_group(config) -> bool:
    return config.getoption("dist", "no") == "loadgroup" and not hasattr(config, "workerinput")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    if _distributes_by_group(config):
        # The workers start after this, from this environment.
        os.environ[DIRECTORY] = tempfile.mkdtemp(prefix="pytest-xdist-groups-")


def pytest_unconfigure(config):
    if _distributes_by_group(config) and DIRECTORY in os.environ:
        shutil.rmtree(os.environ.pop(DIRECTORY), ignore_errors=True)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if _distributes_by_group(config):
        return GroupScheduling(config, log)
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_finish(session):
    worker = getattr(session.config, "workerinput", {}).get("workerid")
    if worker is None or DIRECTORY not in os.environ:
        return
    groups = {}
    for item in session.items:
        if marker := item.get_closest_marker("xdist_group"):
            groups[item.nodeid] = str(marker.args[0])
    (Path(os.environ[DIRECTORY]) / f"{worker}.json").write_text(json.dumps(groups))
