"""The production settings plus a trivial view to measure the ceiling; only `make bench` uses it."""

from cluster_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# wrk calls from one address far above the public API's anonymous limit.
API_ANON_RATE = "1000000/min"
