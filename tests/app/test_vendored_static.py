"""The front-end packages and base-map data under truce/web/static/vendor, and the test-only assets under
tests/browser/vendor (axe-core), are what `make vendor` wrote from the pinned npm packages: every file is
listed in its folder's MANIFEST.json with its package, version and licence, its SHA-256 matches, and
nothing unlisted sits beside them."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VENDOR = REPO / "truce" / "web" / "static" / "vendor"
# Checked like VENDOR, but outside the static files: nothing in it is served to users.
TEST_VENDOR = REPO / "tests" / "browser" / "vendor"
FOLDERS = pytest.mark.parametrize("folder", [VENDOR, TEST_VENDOR], ids=["static", "test-only"])
LOCK = REPO / "tools" / "vendor" / "package-lock.json"


def manifest(folder: Path = VENDOR) -> list[dict]:
    return json.loads((folder / "MANIFEST.json").read_text())["files"]


@FOLDERS
def test_every_vendored_file_matches_its_manifest_hash(folder):
    for entry in manifest(folder):
        data = (folder / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]


@FOLDERS
def test_no_file_sits_in_the_vendor_folder_without_a_manifest_entry(folder):
    listed = {entry["file"] for entry in manifest(folder)} | {"MANIFEST.json"}
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert present == listed


@FOLDERS
def test_manifest_versions_are_the_locked_versions_and_every_package_ships_its_licence(folder):
    locked = json.loads(LOCK.read_text())["packages"]
    for entry in manifest(folder):
        assert locked[f"node_modules/{entry['package']}"]["version"] == entry["version"], entry
        assert entry["license"], entry
    packages = {e["package"] for e in manifest(folder)}
    licences = {e["package"] for e in manifest(folder) if "LICENSE" in e["file"]}
    assert packages == licences


def test_pinned_versions_of_the_map_and_the_accessibility_checker():
    assert {"leaflet": "1.9.4", "leaflet.markercluster": "1.5.3"}.items() <= {
        e["package"]: e["version"] for e in manifest(VENDOR)
    }.items()
    assert {e["package"]: e["version"] for e in manifest(TEST_VENDOR)} == {"axe-core": "4.14.1"}
    # Test-only means not served: no axe-core among the static files.
    assert not any(e["package"] == "axe-core" for e in manifest(VENDOR))
    assert not list((REPO / "truce").rglob("axe*.js"))


def test_base_map_covers_both_parties_and_their_provinces():
    countries = json.loads((VENDOR / "basemap" / "countries.geojson").read_text())
    names = {f["properties"]["name"] for f in countries["features"]}
    assert {"Pakistan", "Afghanistan", "Iran", "S. Sudan"} <= names
    provinces = json.loads((VENDOR / "basemap" / "provinces.geojson").read_text())
    codes = {f["properties"]["code"] for f in provinces["features"]}
    assert {"PK-BA", "AF-KB"} <= codes
