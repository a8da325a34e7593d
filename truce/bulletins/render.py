"""A bulletin's bytes: the Django template ``bulletins/bulletin.html`` in the reader's language (right to
left for Urdu, Pashto, Dari and Arabic; dates in the reader's calendar through truce_format), and the PDF
WeasyPrint makes of that same HTML.

PDF fonts: WeasyPrint lays text out with Pango and HarfBuzz over the machine's fonts (fontconfig). Arabic
script needs Debian's ``fonts-noto-core`` (Noto Naskh Arabic, Noto Nastaliq Urdu), which ``.ci/run``
installs; without it Urdu and Pashto letters fall back to DejaVu Sans, which lacks some of them.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from truce.bulletins import drawing
from truce.bulletins.content import Content
from truce.errors import ActionError

FORMATS = ("pdf", "html")

# WeasyPrint warns on every font it subsets with fontTools (Debian's HarfBuzz lacks hb-subset): noise in
# a console command and in cron mail, not a fault in the bulletin.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
RTL = frozenset({"ur", "ps", "fa", "ar"})
MEDIA_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


@dataclass(frozen=True)
class Rendered:
    data: bytes
    fmt: str
    language: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.fmt]


def check_language(content: Content, language: str) -> None:
    if language not in content.agreement.languages:
        raise ActionError(
            f"language {language!r} is not one of the agreement's: {', '.join(content.agreement.languages)}",
            field="lang",
        )


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _zones(agreement_id: str) -> list[dict[str, Any]]:
    import json

    from truce.agreements import registry

    row = registry.get(agreement_id)[0]
    features: list[dict[str, Any]] = []
    for _path, text in sorted(row.zones.items()):
        data = json.loads(text)
        features.extend(data.get("features", []) if data.get("type") == "FeatureCollection" else [data])
    return features


def context(content: Content, language: str) -> dict[str, Any]:
    parties = [p.code for p in content.agreement.parties]
    colours = drawing.party_colours(parties)
    by_party = content.comparison("incidents", "accused_party")
    ruled_party = content.comparison("rulings", "responsible_party")
    ruled_commitment = content.comparison("rulings", "commitment")
    denials_by_party: dict[str, int] = {}
    for d in content.denials or ():
        denials_by_party[d["party"]] = denials_by_party.get(d["party"], 0) + 1
    names = {p.code: p.name for p in content.agreement.parties}
    titles = {c.id: c.title_in(language) for c in content.agreement.commitments}
    for row in [*by_party, *ruled_party]:
        row["name"] = names.get(row["key"], "")
    for row in ruled_commitment:
        row["name"] = titles.get(row["key"], "")
    for ruling in content.rulings:
        ruling["responsible_name"] = names.get(ruling["responsible_party"], ruling["responsible_party"])
    return {
        "b": content,
        "agreement": content.agreement,
        "parties": content.agreement.parties,
        "keys": [(code, colours[code]) for code in parties],
        "incidents_by_party": by_party,
        "rulings_by_party": ruled_party,
        "rulings_by_commitment": ruled_commitment,
        "denials_by_party": [(names.get(k, k), n) for k, n in sorted(denials_by_party.items())],
        "map_uri": _data_uri(drawing.draw_map(_zones(content.agreement.id), content.markers, colours)),
        "chart_incidents": _data_uri(drawing.draw_comparison(by_party, colours)) if by_party else None,
        "chart_rulings": _data_uri(drawing.draw_comparison(ruled_commitment, {}))
        if ruled_commitment
        else None,
        "language": language,
        "rtl": language in RTL,
        "title": content.agreement.title_in(language),
        "proof_base": (settings.TRUCE_PUBLIC_URL or "<instance>") + "/api/v1/record/tlog-proof?index=",
    }


def render(content: Content, language: str, fmt: str) -> Rendered:
    """The bulletin as ``fmt`` ("pdf" or "html") in ``language`` (one of the agreement's)."""
    from truce.web.templatetags import truce_format

    if fmt not in FORMATS:
        raise ActionError(f"format must be pdf or html, not {fmt!r}", field="format")
    check_language(content, language)
    tokens = truce_format.set_viewer_clock(content.agreement.tz, None)
    try:
        with translation.override(language):
            html = render_to_string("bulletins/bulletin.html", context(content, language))
    finally:
        truce_format.reset_viewer_clock(tokens)
    if fmt == "html":
        return Rendered(html.encode("utf-8"), fmt, language)
    from weasyprint import HTML

    # Everything the page needs is inline (styles, SVG as data: URIs): nothing is fetched.
    pdf = HTML(string=html, base_url=None).write_pdf()
    return Rendered(bytes(pdf or b""), fmt, language)
