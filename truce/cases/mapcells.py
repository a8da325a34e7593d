"""The unzoomed map's grid, counted ahead (truce.cases.models.MapCell).

The map sends grid cells with counts when more incidents are in view than it sends points
(truce.web.incidents.map_features). Unzoomed, that meant grouping every located case the viewer may see:
10^5 rows read for each request, as many as there are cases. Instead each view of an agreement keeps the
count and the coordinate sums of its incidents per square of ``GRAIN`` degrees, and the unzoomed map adds
those squares up into its own cells (``COARSE`` squares a side): a few hundred rows, however many cases.

Views: ``EVERY_CASE`` ("") is every case of the agreement not joined into another, by the case's own place
(a mediator's map); a party's code is that party's stored summaries (truce.cases.summaries) not joined,
by the place the party may know (a liaison's map). A case the party may not see has no summary, so it is
in no square of the party's view.

``recount`` works a square out again from the rows (not by adding and subtracting), under the record's
lock that every write takes, so two writers never both count a square from a state missing the other's
case. ``computed`` is the whole grid of a view from the rows, for ``rebuild`` and ``drift``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Count, FloatField, QuerySet, Sum
from django.db.models.functions import Cast, Floor

from truce.cases.models import Case, CaseStatus, CaseSummary, MapCell

# Degrees a side of one counted square. The unzoomed map's cells are 360 / 48 = 7.5 degrees
# (truce.web.incidents.GRID_CELLS_ACROSS), COARSE squares a side; a power of two keeps lat / GRAIN exact
# in floating point, so the database and Python put a point on a square's edge in the same square.
GRAIN = 0.25
EVERY_CASE = ""
Square = tuple[int, int]
# count, sum of latitudes, sum of longitudes (millionths of a degree)
Tally = tuple[int, int, int]


def square_of(lat: Any, lon: Any) -> Square:
    return math.floor(float(lon) / GRAIN), math.floor(float(lat) / GRAIN)


def _micro(total: Any) -> int:
    return round(float(total or 0) * 1_000_000)


def located(agreement_id: str, view: str) -> QuerySet[Any]:
    """The rows a view's squares count: ``lat`` and ``lon`` of every incident of the view on the map."""
    rows: QuerySet[Any]
    if view == EVERY_CASE:
        rows = Case.objects.filter(agreement_id=agreement_id).exclude(status=CaseStatus.JOINED)
    else:
        rows = CaseSummary.objects.filter(agreement_id=agreement_id, party=view, joined=False)
    return rows.filter(lat__isnull=False, lon__isnull=False)


def _tally(rows: QuerySet[Any]) -> Any:
    return rows.aggregate(
        n=Count("pk"), lat=Sum(Cast("lat", FloatField())), lon=Sum(Cast("lon", FloatField()))
    )


def recount(agreement_id: str, view: str, squares: Iterable[Square]) -> None:
    """Count ``squares`` of a view again from its rows (one query per square; an action touches one or
    two). The caller holds the record's lock (truce.record.store.lock_head)."""
    for fx, fy in sorted(set(squares)):
        rows = located(agreement_id, view).filter(
            lon__gte=Decimal(fx) * Decimal(str(GRAIN)),
            lon__lt=Decimal(fx + 1) * Decimal(str(GRAIN)),
            lat__gte=Decimal(fy) * Decimal(str(GRAIN)),
            lat__lt=Decimal(fy + 1) * Decimal(str(GRAIN)),
        )
        t = _tally(rows)
        cell = MapCell.objects.filter(agreement_id=agreement_id, view=view, fx=fx, fy=fy)
        if not t["n"]:
            cell.delete()
        elif not cell.update(n=t["n"], lat_sum=_micro(t["lat"]), lon_sum=_micro(t["lon"])):
            MapCell.objects.create(
                agreement_id=agreement_id,
                view=view,
                fx=fx,
                fy=fy,
                n=t["n"],
                lat_sum=_micro(t["lat"]),
                lon_sum=_micro(t["lon"]),
            )


def computed(agreement_id: str, view: str) -> dict[Square, Tally]:
    """What a view's squares should hold, from its rows (one query grouping them all)."""
    lat, lon = Cast("lat", FloatField()), Cast("lon", FloatField())
    rows = (
        located(agreement_id, view)
        .annotate(fx=Floor(lon / GRAIN), fy=Floor(lat / GRAIN))
        .values("fx", "fy")
        .annotate(n=Count("pk"), lat_sum=Sum(lat), lon_sum=Sum(lon))
        .order_by()
    )
    return {(int(r["fx"]), int(r["fy"])): (r["n"], _micro(r["lat_sum"]), _micro(r["lon_sum"])) for r in rows}


def stored(agreement_id: str, view: str) -> dict[Square, Tally]:
    rows = MapCell.objects.filter(agreement_id=agreement_id, view=view)
    return {
        (fx, fy): (n, la, lo) for fx, fy, n, la, lo in rows.values_list("fx", "fy", "n", "lat_sum", "lon_sum")
    }


def rebuild(agreement_id: str, view: str) -> None:
    MapCell.objects.filter(agreement_id=agreement_id, view=view).delete()
    MapCell.objects.bulk_create(
        [
            MapCell(agreement_id=agreement_id, view=view, fx=fx, fy=fy, n=n, lat_sum=la, lon_sum=lo)
            for (fx, fy), (n, la, lo) in computed(agreement_id, view).items()
        ],
        batch_size=2000,
    )


def drift(agreement_id: str, view: str) -> list[str]:
    """Every square whose stored count or coordinates differ from its rows, as a sentence."""
    want, have = computed(agreement_id, view), stored(agreement_id, view)
    who = "every case" if view == EVERY_CASE else view
    problems = []
    for square in sorted(want.keys() | have.keys()):
        w, h = want.get(square, (0, 0, 0)), have.get(square, (0, 0, 0))
        # Sums of floats may round a millionth apart between a whole grid and one square.
        if w[0] != h[0] or abs(w[1] - h[1]) > 1 or abs(w[2] - h[2]) > 1:
            problems.append(f"map square {square} of {agreement_id} ({who}): stored {h!r}, should be {w!r}")
    return problems
