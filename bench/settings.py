"""The production settings plus the benchmark's app and a trivial view to measure the ceiling.

Only `make bench` and the bench's own tests use it: the bench app (its dataset generator empties
the database) is never installed in production.
"""

from cluster_portal.settings import *  # noqa: F403
from cluster_portal.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
# wrk calls from one address far above the public API's anonymous limit.
API_ANON_RATE = "1000000/min"
