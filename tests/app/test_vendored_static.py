"""The front-end packages and base-map data under truce/web/static/vendor are what `make vendor` wrote
from the pinned npm packages: every file is listed in MANIFEST.json with its package, version and licence,
its SHA-256 matches, and nothing unlisted sits beside them."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENDOR = REPO / "truce" / "web" / "static" / "vendor"
LOCK = REPO / "tools" / "vendor" / "package-lock.json"


def manifest() -> list[dict]:
    return json.loads((VENDOR / "MANIFEST.json").read_text())["files"]


def test_every_vendored_file_matches_its_manifest_hash():
    for entry in manifest():
        data = (VENDOR / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]


def test_no_file_sits_in_the_vendor_folder_without_a_manifest_entry():
    listed = {entry["file"] for entry in manifest()} | {"MANIFEST.json"}
    present = {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file()}
    assert present == listed


def test_manifest_versions_are_the_locked_versions_and_every_package_ships_its_licence():
    locked = json.loads(LOCK.read_text())["packages"]
    for entry in manifest():
        assert locked[f"node_modules/{entry['package']}"]["version"] == entry["version"], entry
        assert entry["license"], entry
    packages = {e["package"] for e in manifest()}
    licences = {e["package"] for e in manifest() if "LICENSE" in e["file"]}
    assert packages == licences
    assert {"leaflet": "1.9.4", "leaflet.markercluster": "1.5.3"}.items() <= {
        e["package"]: e["version"] for e in manifest()
    }.items()


def test_base_map_covers_both_parties_and_their_provinces():
    countries = json.loads((VENDOR / "basemap" / "countries.geojson").read_text())
    names = {f["properties"]["name"] for f in countries["features"]}
    assert {"Pakistan", "Afghanistan", "Iran", "S. Sudan"} <= names
    provinces = json.loads((VENDOR / "basemap" / "provinces.geojson").read_text())
    codes = {f["properties"]["code"] for f in provinces["features"]}
    assert {"PK-BA", "AF-KB"} <= codes
