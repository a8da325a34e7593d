"""Loaded with ``-p tests.testenv`` (pyproject addopts) before Django reads its settings, so tests never
touch a real data folder: each run gets its own TRUCE_HOME."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("TRUCE_HOME", tempfile.mkdtemp(prefix="truce-test-home-"))
os.makedirs(os.path.join(os.environ["TRUCE_HOME"], "static"), exist_ok=True)
os.environ.setdefault("TRUCE_SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)

# Property tests check behaviour, not speed (speed is measured by the benchmarks in bench/): no per-example
# deadline and no "too slow" health check, which failed runs on a loaded machine without any defect.
try:
    from hypothesis import HealthCheck, settings

    settings.register_profile("truce", deadline=None, suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile("truce")
except ImportError:  # a plain install runs no property tests
    pass
