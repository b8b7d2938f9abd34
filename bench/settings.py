"""Benchmark settings: the production settings, plus the bare view that is the ceiling.

``bench/run.py`` sets the environment (DEBUG off, its own SECRET_KEY, ALLOWED_HOSTS and base URL,
PostgreSQL, Redis or not); this module only adds the one address production must not have.
"""

import os

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

if os.environ.get("BENCH_RENDER_LOG"):
    MIDDLEWARE = ["bench.views.RenderLogMiddleware", *MIDDLEWARE]  # noqa: F405
