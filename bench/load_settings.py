"""Settings for the load benchmark: the project's, plus a trivial view as the baseline."""

from onex.settings import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"
