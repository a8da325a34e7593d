"""Loaded with ``-p tests.testenv`` (pyproject addopts) before Django reads its settings, so tests never
touch a real data folder: each run gets its own TRUCE_HOME."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("TRUCE_HOME", tempfile.mkdtemp(prefix="truce-test-home-"))
os.makedirs(os.path.join(os.environ["TRUCE_HOME"], "static"), exist_ok=True)
os.environ.setdefault("TRUCE_SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)
