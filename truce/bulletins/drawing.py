"""The bulletin's map and charts, drawn server-side with matplotlib (Agg: no display, no GUI toolkit) as
SVG that WeasyPrint and browsers embed alike.

The map uses the base-map data the web app's map uses (``truce/web/static/vendor/basemap``: Natural Earth
countries and provinces, written by ``make vendor``) and the agreement's own zones as loaded with it
(``Agreement.zones``, what ``/dashboard/zones.geojson`` serves). The figures carry no words, only party
codes, commitment ids and numbers: matplotlib does not shape Arabic script, so every caption and legend
is in the page around them, in the reader's language.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

BASEMAP = Path(__file__).resolve().parent.parent / "web" / "static" / "vendor" / "basemap"

# One colour per party in the order the agreement lists them (colour-blind safe, Okabe–Ito); grey for an
# incident that accuses nobody.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
NOBODY = "#777777"
LAND, WATER, BORDER, PROVINCE, ZONE = "#f4f1ea", "#dfe9f2", "#555555", "#b5b0a5", "#c0392b"

plt.rcParams.update({"svg.fonttype": "path", "font.family": "DejaVu Sans", "font.size": 9})


def party_colours(parties: Iterable[str]) -> dict[str, str]:
    return {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(parties)}


@cache
def _features(name: str) -> tuple[dict[str, Any], ...]:
    data = json.loads((BASEMAP / f"{name}.geojson").read_text(encoding="utf-8"))
    return tuple(data["features"])


def _rings(geometry: dict[str, Any]) -> Iterator[list[list[float]]]:
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        yield from coords
    elif kind == "MultiPolygon":
        for polygon in coords:
            yield from polygon
    elif kind == "LineString":
        yield coords
    elif kind == "MultiLineString":
        yield from coords


def _bounds(rings: Iterable[list[list[float]]]) -> tuple[float, float, float, float] | None:
    xs: list[float] = []
    ys: list[float] = []
    for ring in rings:
        xs.extend(p[0] for p in ring)
        ys.extend(p[1] for p in ring)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def _svg(figure: Figure) -> str:
    out = io.StringIO()
    # metadata Date None: the same data draws the same bytes, so a bulletin's hash depends on its content.
    figure.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    return out.getvalue()


def draw_map(zones: Iterable[dict[str, Any]], markers: list[dict[str, Any]], colours: dict[str, str]) -> str:
    """The zones and incident markers (``lat``, ``lon``, ``party``, ``ruled``, ``label``) over the base map,
    framed on the zones and markers with a margin. SVG text."""
    zone_rings = [ring for zone in zones for ring in _rings(zone.get("geometry") or {})]
    points = [[[m["lon"], m["lat"]]] for m in markers]
    box = _bounds([*zone_rings, *points]) or (60.0, 23.0, 78.0, 38.0)
    pad_x = max(1.0, (box[2] - box[0]) * 0.12)
    pad_y = max(1.0, (box[3] - box[1]) * 0.12)
    x0, y0, x1, y1 = box[0] - pad_x, box[1] - pad_y, box[2] + pad_x, box[3] + pad_y
    figure, ax = plt.subplots(figsize=(6.6, 5.0))
    ax.set_facecolor(WATER)

    def near(feature: dict[str, Any]) -> bool:
        rb = _bounds(_rings(feature["geometry"]))
        return rb is not None and not (rb[2] < x0 or rb[0] > x1 or rb[3] < y0 or rb[1] > y1)

    # Only the shapes in view: the SVG (and the bulletin) stays small.
    for feature in filter(near, _features("countries")):
        for ring in _rings(feature["geometry"]):
            xs, ys = zip(*((p[0], p[1]) for p in ring), strict=True)
            ax.fill(xs, ys, facecolor=LAND, edgecolor=BORDER, linewidth=0.8, zorder=1)
    for feature in filter(near, _features("provinces")):
        for ring in _rings(feature["geometry"]):
            xs, ys = zip(*((p[0], p[1]) for p in ring), strict=True)
            ax.plot(xs, ys, color=PROVINCE, linewidth=0.35, zorder=2)
    for ring in zone_rings:
        xs, ys = zip(*((p[0], p[1]) for p in ring), strict=True)
        ax.fill(xs, ys, facecolor=ZONE, alpha=0.12, edgecolor=ZONE, linewidth=0.8, zorder=3)
    for m in markers:
        colour = colours.get(m["party"], NOBODY)
        ax.scatter(
            [m["lon"]],
            [m["lat"]],
            s=200 if m["ruled"] else 150,
            c=colour,
            marker="s" if m["ruled"] else "o",
            edgecolors="white",
            linewidths=1.2,
            zorder=5,
        )
        ax.annotate(
            m["label"],
            (m["lon"], m["lat"]),
            ha="center",
            va="center",
            color="white",
            fontsize=7,
            fontweight="bold",
            zorder=6,
        )
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.tick_params(labelsize=7, colors="#555555")
    ax.grid(color="#ffffff", linewidth=0.4, alpha=0.6)
    for spine in ax.spines.values():
        spine.set_color("#999999")
    return _svg(figure)


def draw_comparison(rows: list[dict[str, Any]], colours: dict[str, str], *, unknown: str = "–") -> str:
    """Horizontal bars of this period (solid) against the previous one (hatched), one pair per key
    (``rows``: ``{key, now, before}``). SVG text."""
    keys = [r["key"] or unknown for r in rows] or [unknown]
    height = max(1.2, 0.45 * len(keys) + 0.5)
    figure, ax = plt.subplots(figsize=(3.2, height))
    for i, row in enumerate(rows):
        colour = colours.get(row["key"], "#4a6b8a")
        ax.barh(i - 0.18, row["now"], height=0.34, color=colour)
        ax.barh(i + 0.18, row["before"], height=0.34, facecolor="white", edgecolor=colour, hatch="///")
        for y, value in ((i - 0.18, row["now"]), (i + 0.18, row["before"])):
            ax.text(value + 0.05, y, str(value), va="center", fontsize=7)
    ax.set_yticks(range(len(keys)), keys)
    ax.invert_yaxis()
    most = max([1, *(max(r["now"], r["before"]) for r in rows)])
    ax.set_xlim(0, most * 1.25 + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _svg(figure)
