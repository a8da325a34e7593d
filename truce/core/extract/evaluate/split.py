"""The tuning and sealed parts of each development set, fixed by a hash of the item's id.

An item is *sealed* when the SHA-256 of its id, read as a big-endian integer, is divisible by 3 (about a
third of each set); every other item is *tuning*. Cue lists and rules are written and checked against the
tuning part only; the sealed part is scored, never read, so its figure estimates how the extractor does
on wording it was not fitted to. The gate's floors (``tests/core/extract/eval_floors.toml``) are on it.

What an item is, per set (items that share a context are kept in one part):

- CASE 2021: a snippet, by the TSV's ``id`` column;
- TimeML: a document, by its file name (the resolver carries "that day" from one expression to the next
  within a document, so a document's expressions must not straddle the parts);
- PolNeAR: an article, by its text file's name without ``.txt`` (both annotators' files of an article
  fall in the article's part).
"""

from __future__ import annotations

import hashlib
from typing import Literal

Part = Literal["tuning", "sealed"]
PARTS: tuple[Part, ...] = ("tuning", "sealed")


def part_of(item_id: str) -> Part:
    """``"sealed"`` when sha256(item_id) mod 3 == 0, else ``"tuning"``."""
    digest = hashlib.sha256(item_id.encode("utf-8")).digest()
    return "sealed" if int.from_bytes(digest, "big") % 3 == 0 else "tuning"


def keeps(part: Part | None, item_id: str) -> bool:
    """Whether an item belongs to ``part`` (``None``: the whole set)."""
    return part is None or part_of(item_id) == part
