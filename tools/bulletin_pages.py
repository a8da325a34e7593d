"""Render a bulletin PDF's pages to PNG (pypdfium2, a dev dependency), for docs/screenshots:

    python tools/bulletin_pages.py week-en.pdf docs/screenshots/bulletin-weekly-en

writes ``bulletin-weekly-en-1.png``, ``-2.png``, ... at 110 dpi.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2


def main(pdf: str, stem: str, dpi: int = 110) -> list[Path]:
    document = pypdfium2.PdfDocument(pdf)
    written = []
    for number, page in enumerate(document, start=1):
        out = Path(f"{stem}-{number}.png")
        page.render(scale=dpi / 72).to_pil().save(out, optimize=True)
        written.append(out)
    return written


if __name__ == "__main__":
    for path in main(sys.argv[1], sys.argv[2]):
        print(path)
