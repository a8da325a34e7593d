"""Sentence boundaries, with offsets into the cleaned text.

A sentence ends at a blank line (paragraph), at a line that stands alone (headline, bullet), or after
``.``, ``!``, ``?``, the Urdu full stop ``۔`` or the Arabic question mark ``؟`` (plus any closing quotes
or brackets) when followed by space and a capital, a digit, an opening quote or a non-Latin letter.
A period does not end a sentence after a known abbreviation ("Gen.", "Oct.", "U.S.", "a.m."), after a
single capital initial ("Amir K. Muttaqi"), or inside a number ("3.5").
"""

from __future__ import annotations

import re

from truce.core.extract.document import Document, Sentence

_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cmdr", "adm",
        "brig", "rev", "sen", "rep", "gov", "pres", "st", "jr", "sr", "no", "vs", "etc", "inc", "ltd", "co",
        "corp", "dept", "govt", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
        "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "approx", "est", "fig", "op", "ed",
        "al", "univ", "assn"
    }
)  # fmt: skip
_END = re.compile(r"[.!?۔؟]+[\"'”’»)\]]*")
_NEXT_STARTS = re.compile(r"\s+(?=[\"'“‘«(\[]?(?:[A-Z0-9]|[^\x00-\x7f]))")


_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``text[dot]`` closes an abbreviation or an initial, not a sentence."""
    # The word before the dot: the ASCII letters and periods just before it, from the first letter (a
    # backward walk; a regex anchored at the end would rescan the line from its start for every dot).
    start = dot
    while start > 0 and text[start - 1] in _WORD_CHARS:
        start -= 1
    word = text[start:dot].lstrip(".")
    if not word:
        return False
    if "." in word:  # U.S., a.m., e.g.
        return True
    if len(word) == 1 and word.isupper():
        return True
    return word.lower() in _ABBREVIATIONS


def split(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of ``text``, shifted by ``offset``; whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    for block in re.finditer(r"[^\n]+", text):
        start = block.start()
        line = block.group(0)
        pos = 0
        for m in _END.finditer(line):
            if (
                m.group(0).rstrip("\"'”’»)]") == "."
                and _is_abbreviation(line, m.start())
                and not _next_is_clear_start(line, m.end())
            ):
                continue
            if m.end() < len(line) and not _NEXT_STARTS.match(line, m.end()):
                continue
            if (
                m.group(0) == "."
                and m.start() > 0
                and line[m.start() - 1].isdigit()
                and m.end() < len(line)
                and line[m.end()].isdigit()
            ):
                continue
            spans.append((start + pos, start + m.end()))
            pos = m.end()
        spans.append((start + pos, start + len(line)))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        if e - trail > s + lead:
            out.append((offset + s + lead, offset + e - trail))
    return out


_OPENING_QUOTE_NEXT = re.compile(r"\s+[“\"]")


def _next_is_clear_start(line: str, at: int) -> bool:
    """After an abbreviation, a sentence still ends if an opening quote follows (``... the U.S. "We``)."""
    return _OPENING_QUOTE_NEXT.match(line, at) is not None


def annotate(doc: Document) -> None:
    """Fill ``doc.sentences`` from ``doc.text`` (replacing any there)."""
    doc.sentences = [
        Sentence(start=s, end=e, text=doc.text[s:e], index=i) for i, (s, e) in enumerate(split(doc.text))
    ]
