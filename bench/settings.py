"""The production settings plus a trivial view to measure the ceiling; only `make bench` uses it."""

from cluster_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
