"""Monitored zones: reading a zone's GeoJSON file into polygons, and testing whether a point lies inside.

Accepted: a Polygon or MultiPolygon geometry, a Feature carrying one, or a FeatureCollection of such
Features (a zone is then their union). Positions are [longitude, latitude] (RFC 7946 order), optionally
with an altitude that is ignored. Problems are returned as (place in the file, message) pairs so the
loader can report every one of them against the agreement's ``geometry`` line.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

__all__ = ["Polygon", "contains", "read_polygons"]

Ring = tuple[tuple[float, float], ...]
Polygon = tuple[Ring, ...]  # outer ring first, then holes

_MAX_PROBLEMS = 20  # one broken file should not drown the rest of the report


def read_polygons(data: Any) -> tuple[tuple[Polygon, ...], list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    polygons: list[Polygon] = []
    kind = data.get("type") if isinstance(data, dict) else None
    if kind == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list) or not features:
            problems.append(("features", "a FeatureCollection needs a non-empty 'features' list"))
        else:
            for i, feature in enumerate(features):
                if not isinstance(feature, dict) or feature.get("type") != "Feature":
                    problems.append((f"features[{i}]", "expected a Feature object"))
                    continue
                _geometry(feature.get("geometry"), f"features[{i}].geometry", polygons, problems)
    elif kind == "Feature":
        _geometry(data.get("geometry"), "geometry", polygons, problems)
    else:
        _geometry(data, "", polygons, problems)
    return tuple(polygons), problems[:_MAX_PROBLEMS]


def _geometry(geometry: Any, where: str, polygons: list[Polygon], problems: list[tuple[str, str]]) -> None:
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    place = where or "top level"
    if kind not in ("Polygon", "MultiPolygon"):
        problems.append((place, f"expected a Polygon or MultiPolygon geometry, found {_kind(geometry)}"))
        return
    coordinates = geometry.get("coordinates")
    prefix = f"{where}.coordinates" if where else "coordinates"
    if kind == "Polygon":
        parts = [(prefix, coordinates)]
    elif isinstance(coordinates, list) and coordinates:
        parts = [(f"{prefix}[{i}]", polygon) for i, polygon in enumerate(coordinates)]
    else:
        problems.append((prefix, "a MultiPolygon needs a non-empty list of polygons"))
        return
    for part_where, rings in parts:
        polygon = _polygon(rings, part_where, problems)
        if polygon is not None:
            polygons.append(polygon)


def _polygon(rings: Any, where: str, problems: list[tuple[str, str]]) -> Polygon | None:
    if not isinstance(rings, list) or not rings:
        problems.append((where, "a polygon needs a non-empty list of linear rings"))
        return None
    result = []
    for i, ring in enumerate(rings):
        ring_where = f"{where}[{i}]"
        if not isinstance(ring, list) or len(ring) < 4:
            problems.append(
                (ring_where, "a linear ring needs at least 4 positions (the first repeated last)")
            )
            return None
        positions = []
        for j, position in enumerate(ring):
            point = _position(position, f"{ring_where}[{j}]", problems)
            if point is None:
                return None
            positions.append(point)
        if positions[0] != positions[-1]:
            problems.append((ring_where, "the ring is not closed: its last position must repeat its first"))
            return None
        result.append(tuple(positions))
    return tuple(result)


def _position(position: Any, where: str, problems: list[tuple[str, str]]) -> tuple[float, float] | None:
    if (
        not isinstance(position, list)
        or len(position) not in (2, 3)
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in position)
        or not all(math.isfinite(v) for v in position)
    ):
        problems.append((where, f"expected [longitude, latitude], found {position!r}"[:200]))
        return None
    lon, lat = float(position[0]), float(position[1])
    if not -180 <= lon <= 180 or not -90 <= lat <= 90:
        hint = " (is it [latitude, longitude]? GeoJSON wants longitude first)" if -90 <= lon <= 90 else ""
        problems.append((where, f"[{position[0]}, {position[1]}] is off the globe{hint}"))
        return None
    return lon, lat


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return f"type {value.get('type')!r}" if "type" in value else "an object without 'type'"
    return "nothing" if value is None else type(value).__name__


def contains(polygon: Polygon, lon: float, lat: float) -> bool:
    """Whether (lon, lat) lies inside the outer ring and outside every hole (even-odd ray casting;
    points exactly on an edge may fall either way)."""
    outer, *holes = polygon
    return _in_ring(outer, lon, lat) and not any(_in_ring(hole, lon, lat) for hole in holes)


def _in_ring(ring: Ring, x: float, y: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside
