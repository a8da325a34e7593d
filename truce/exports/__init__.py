"""Exports of what a viewer may see (incidents, cases, rulings, penalties) as CSV, JSON Lines, GeoJSON and
ACLED-compatible CSV; statistics over the same. Reads only: nothing here writes. docs/exports.md."""
