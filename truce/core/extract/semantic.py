"""The optional sentence model beside the rules of ``eventtype``: which model (the setting), and how its
similarities are fused with the rule scores.

Setting: ``TRUCE_EXTRACT_MODEL`` (``none``, the default, or ``minilm``), or ``truce extract --model`` /
``truce eval --model``, which set it for the run. ``minilm`` needs the package of ``embed.PACKAGE``;
asking for it without the package is an error naming the package and how to install it.

Fusion (``eventtype`` calls these only when a model is set):

- **ties**: when the rules' top ACLED label wins by little (confidence under ``TIE_CONFIDENCE``), the
  labels the rules scored within ``TIE_RATIO`` of the top are re-ranked by rule score (relative to the top)
  plus ``WEIGHT`` times the sentence's cosine similarity to each label's prototype (``prototypes.py``);
  the rules decide which labels are candidates, the model only breaks near-ties;
- **no event**: when neither the incident gate nor the classifier's fallback found any event in a text,
  the sentence most similar to a prototype gives that label, if its similarity reaches
  ``FILL_THRESHOLD``, at a low confidence (``FILL_CONFIDENCE`` times the similarity).

The constants were chosen on the tuning part of CASE 2021 only (docs/extraction.md, "Sentence model").
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

from truce.core.extract.prototypes import PROTOTYPES

if TYPE_CHECKING:
    import numpy as np

    from truce.core.extract.embed import MiniLM

ENV = "TRUCE_EXTRACT_MODEL"
CHOICES: tuple[str, ...] = ("none", "minilm")

TIE_CONFIDENCE = 0.45
TIE_RATIO = 0.5
WEIGHT = 1.0
FILL_THRESHOLD = 0.45
FILL_CONFIDENCE = 0.25

_chosen: str | None = None  # set by configure(); None: read the environment


def configure(name: str | None) -> None:
    """Choose the model for this process (``None``: back to the environment's setting). ValueError for a
    name that is not one of ``CHOICES``; ``ModelUnavailable`` when ``minilm`` cannot be loaded."""
    global _chosen
    if name is not None and _check(name, "--model") != "none":
        model()  # load now, so that a missing package is one error before any work
    _chosen = name


def setup(name: str | None) -> str | None:
    """For the commands' ``--model`` option: ``configure(name)``; returns the reason it cannot be used,
    one line naming what was wrong (a bad name, or the package missing or damaged), else None."""
    from truce.core.extract.embed import ModelUnavailable

    try:
        configure(name)
        if active():  # the environment's setting, checked and loaded before any work too
            model()
    except (ValueError, ModelUnavailable) as exc:
        return str(exc)
    return None


def _check(name: str, where: str) -> str:
    value = name.strip().lower()
    if value not in CHOICES:
        raise ValueError(f"{where}: unknown sentence model {name!r}; expected one of {', '.join(CHOICES)}")
    return value


def active() -> bool:
    """Whether a sentence model is switched on (``configure`` first, else ``TRUCE_EXTRACT_MODEL``)."""
    name = _chosen if _chosen is not None else os.environ.get(ENV, "") or "none"
    return _check(name, ENV if _chosen is None else "--model") != "none"


@lru_cache(maxsize=1)
def model() -> MiniLM:
    from truce.core.extract import embed

    return embed.load()


@lru_cache(maxsize=1)
def _prototypes() -> tuple[tuple[str, ...], np.ndarray]:
    """(labels, one unit row per label): the normalised mean of each label's lines' embeddings."""
    import numpy as np

    labels = tuple(PROTOTYPES)
    lines = [line for label in labels for line in PROTOTYPES[label]]
    vectors = model().encode(lines)
    rows = []
    at = 0
    for label in labels:
        n = len(PROTOTYPES[label])
        mean = vectors[at : at + n].mean(0)
        rows.append(mean / np.linalg.norm(mean))
        at += n
    return labels, np.stack(rows)


def similarities(texts: list[str]) -> list[dict[str, float]]:
    """Cosine similarity of each text to each ACLED sub-event type's prototype."""
    if not texts:
        return []
    labels, matrix = _prototypes()
    sims = model().encode(texts) @ matrix.T
    return [dict(zip(labels, (float(v) for v in row), strict=True)) for row in sims]


def break_tie(text: str, scores: dict[str, float], label: str, confidence: float, acled: set[str]) -> str:
    """The label to keep for a sentence the rules typed ``label`` at ``confidence`` (see the module doc)."""
    if confidence >= TIE_CONFIDENCE or label not in acled:
        return label
    top = scores[label]
    candidates = [k for k, v in scores.items() if k in acled and v >= TIE_RATIO * top]
    if len(candidates) < 2:
        return label
    sims = similarities([text])[0]
    return max(candidates, key=lambda k: (scores[k] / top + WEIGHT * sims.get(k, 0.0), k == label))


def best_sentence(texts: list[str]) -> tuple[int, str, float] | None:
    """(index, label, similarity) of the text most similar to a prototype, when it reaches the threshold."""
    best: tuple[int, str, float] | None = None
    for i, sims in enumerate(similarities(texts)):
        label = max((k for k in sims if k != "Other"), key=lambda k: sims[k])
        if sims[label] >= FILL_THRESHOLD and (best is None or sims[label] > best[2]):
            best = (i, label, sims[label])
    return best
