"""The parsed form of agreements stored in the database, cached by the digest of their source."""

from __future__ import annotations

import functools
import json
import tempfile
from pathlib import Path

from truce.agreements.models import Agreement as AgreementRow
from truce.core.agreement.load import load_agreement
from truce.core.agreement.model import Agreement


@functools.lru_cache(maxsize=32)
def _parse(digest: str, source: str, zones_json: str) -> Agreement:
    # The core loader reads files (it reports problems by file and line); give it the stored texts
    # laid out exactly as they were next to the original file.
    with tempfile.TemporaryDirectory(prefix="truce-agreement-") as tmp:
        root = Path(tmp)
        path = root / "agreement.toml"
        path.write_text(source, encoding="utf-8")
        for relative, text in json.loads(zones_json).items():
            target = (root / relative).resolve()
            if root.resolve() not in target.parents:
                raise ValueError(f"zone path {relative!r} escapes the agreement folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return load_agreement(path)


def parsed(row: AgreementRow) -> Agreement:
    """The core Agreement of a stored row. Requires the row to have been loaded by do_load_agreement
    (which validated it), so this never fails for stored agreements."""
    return _parse(row.digest, row.source, json.dumps(row.zones, sort_keys=True))


def get(agreement_id: str) -> tuple[AgreementRow, Agreement]:
    row = AgreementRow.objects.get(pk=agreement_id)
    return row, parsed(row)
