"""The core never imports Django: import every module under truce/core in a fresh interpreter where
importing Django fails, and make sure nothing of Django was loaded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

PROBE = r"""
import importlib, pkgutil, sys

class BlockDjango:
    def find_spec(self, name, path=None, target=None):
        if name == "django" or name.startswith("django.") or name == "ninja" or name.startswith("ninja."):
            raise ImportError(f"the core imported {name}")
        return None

sys.meta_path.insert(0, BlockDjango())
import truce.core
names = []
for info in pkgutil.walk_packages(truce.core.__path__, "truce.core."):
    importlib.import_module(info.name)
    names.append(info.name)
assert not any(m == "django" or m.startswith("django.") for m in sys.modules), "django was loaded"
print(len(names))
"""


def test_every_core_module_imports_without_django():
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert int(result.stdout.strip().splitlines()[-1]) > 10  # the walk really found the core's modules


def test_the_probe_would_catch_a_django_import(tmp_path):
    bad = tmp_path / "truce_probe_bad.py"
    bad.write_text("import django.db\n")
    probe = PROBE.replace(
        "import truce.core\n",
        f"sys.path.insert(0, {str(tmp_path)!r})\nimport truce_probe_bad\nimport truce.core\n",
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0 and "the core imported django" in result.stderr
