"""GeoJSON (RFC 7946): a FeatureCollection streamed feature by feature; each row's fields are the
feature's properties and its ``lon``/``lat`` the Point (``null`` geometry for a row with no coordinates,
and for rulings and penalties, which have no place of their own). The export stamp is the foreign member
``"export"`` before the features; ``"count"`` after them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from truce.exports.jsonfmt import ROWS_PER_PIECE, dumps


def feature(row: dict[str, Any]) -> dict[str, Any]:
    lat, lon = row.get("lat"), row.get("lon")
    geometry = None
    if lat is not None and lon is not None:
        geometry = {"type": "Point", "coordinates": [float(lon), float(lat)]}
    return {
        "type": "Feature",
        "id": row.get("id", row.get("case_id")),
        "geometry": geometry,
        "properties": row,
    }


def write(meta: dict[str, Any], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield '{"type":"FeatureCollection","export":' + dumps(meta) + ',"features":['
    pieces: list[str] = []
    n = 0
    for row in rows:
        pieces.append(("\n" if n == 0 else ",\n") + dumps(feature(row)))
        n += 1
        if len(pieces) >= ROWS_PER_PIECE:
            yield "".join(pieces)
            pieces.clear()
    pieces.append(f'\n],"count":{n}}}\n')
    yield "".join(pieces)
