"""Page forms. They only collect input; the actions validate it (truce.core.incident) and the form shows
the problems beside the fields they name."""

from __future__ import annotations

from typing import Any

from django import forms

from truce.apitypes import validate_storable_moment
from truce.core.agreement.model import Agreement
from truce.core.taxonomy import ACLED, ACTOR_TYPES
from truce.reports.evidence_intake import EvidenceInput
from truce.reports.models import InformationCredibility, SourceReliability

# API field path -> form field, so an action's problem lands beside the right input.
FIELD_OF_PATH = {
    "incident.title": "title",
    "incident.sub_event_type": "sub_event_type",
    "incident.event_type": "sub_event_type",
    "incident.date": "date",
    "incident.date_precision": "date_precision",
    "incident.location": "place",
    "incident.location.name": "place",
    "incident.location.country": "country",
    "incident.location.admin1": "admin1",
    "incident.location.lat": "lat",
    "incident.location.lon": "lon",
    "incident.location.geo_precision": "geo_precision",
    "incident.fatalities.low": "fatalities_low",
    "incident.fatalities.best": "fatalities_best",
    "incident.fatalities.high": "fatalities_high",
    "incident.commitments": "commitments",
    "incident.accused_party": "accused_party",
    "incident.description": "description",
    "incident.language": "language",
    "incident.actors": "actors",
}


def form_field(path: str) -> str | None:
    if path in FIELD_OF_PATH:
        return FIELD_OF_PATH[path]
    if path.startswith("incident.commitments["):
        return "commitments"
    if path.startswith("incident.actors["):
        return "actors"
    return None


class ReportForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="One line: what happened, where.")
    sub_event_type = forms.ChoiceField(label="Type of incident")
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), help_text="The day it happened.")
    date_precision = forms.ChoiceField(
        choices=[("day", "Exact day"), ("week", "Within that week"), ("month", "Within that month")],
        label="How precise is the date?",
    )
    place = forms.CharField(max_length=200, label="Place name")
    country = forms.CharField(max_length=2, required=False, help_text="Two-letter code, e.g. PK or AF.")
    admin1 = forms.CharField(max_length=120, required=False, label="Province or region")
    lat = forms.DecimalField(required=False, label="Latitude", help_text="Decimal degrees, -90 to 90.")
    lon = forms.DecimalField(required=False, label="Longitude", help_text="Decimal degrees, -180 to 180.")
    geo_precision = forms.ChoiceField(
        choices=[
            ("1", "1 — the place itself"),
            ("2", "2 — near it, or part of a region"),
            ("3", "3 — region only"),
        ],
        initial="1",
        label="Location precision",
    )
    actors = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: name | type | role (perpetrator, target or other). Types: "
        + ", ".join(ACTOR_TYPES),
    )
    fatalities_low = forms.IntegerField(required=False, min_value=0, label="Deaths — lowest figure")
    fatalities_best = forms.IntegerField(required=False, min_value=0, label="Deaths — best estimate")
    fatalities_high = forms.IntegerField(required=False, min_value=0, label="Deaths — highest figure")
    commitments = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, required=False, label="Commitments alleged breached"
    )
    accused_party = forms.ChoiceField(required=False, label="Party accused")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)
    language = forms.ChoiceField(label="Language of the description")
    draft = forms.BooleanField(required=False, label="Save as a draft (only your side sees it; no case yet)")

    def __init__(self, *args: Any, agreement: Agreement, filing_party: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups: list[tuple[str, list[tuple[str, str]]]] = [
            (event_type, [(s, s) for s in subs]) for event_type, subs in ACLED.items()
        ]
        if agreement.categories:
            groups.append(("This agreement's categories", [(c.name, c.name) for c in agreement.categories]))
        choice_fields: dict[str, Any] = self.fields  # ChoiceField.choices is not on Field's stub
        choice_fields["sub_event_type"].choices = groups
        choice_fields["commitments"].choices = [(c.id, f"{c.id} — {c.title}") for c in agreement.commitments]
        choice_fields["accused_party"].choices = [("", "—")] + [
            (p.code, f"{p.code} — {p.name}") for p in agreement.parties if p.code != filing_party
        ]
        choice_fields["language"].choices = [(c, c) for c in agreement.languages]

    def incident(self) -> dict[str, Any]:
        """The API's incident object built from the cleaned form."""
        d = self.cleaned_data
        actors = []
        for line in (d.get("actors") or "").splitlines():
            parts = [p.strip() for p in line.split("|")]
            if parts and parts[0]:
                actors.append(
                    {
                        "name": parts[0],
                        "type": parts[1] if len(parts) > 1 else "",
                        "role": parts[2] if len(parts) > 2 else "other",
                    }
                )
        return {
            "title": d["title"],
            "sub_event_type": d["sub_event_type"],
            "date": d["date"].isoformat(),
            "date_precision": d["date_precision"],
            "location": {
                "name": d["place"],
                "country": d.get("country") or "",
                "admin1": d.get("admin1") or "",
                "lat": None if d.get("lat") is None else str(d["lat"]),
                "lon": None if d.get("lon") is None else str(d["lon"]),
                "geo_precision": int(d["geo_precision"]),
            },
            "actors": actors,
            "fatalities": {
                "low": d.get("fatalities_low"),
                "best": d.get("fatalities_best"),
                "high": d.get("fatalities_high"),
            },
            "commitments": list(d.get("commitments") or []),
            "accused_party": d.get("accused_party") or "",
            "description": d.get("description") or "",
            "language": d["language"],
        }


class EvidenceForm(forms.Form):
    file = forms.FileField(required=False, help_text="A photograph, video, document or other file.")
    url = forms.URLField(required=False, max_length=2000, label="…or a link", assume_scheme="https")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    obtained_how = forms.CharField(max_length=300, required=False, label="How it was obtained")
    obtained_at = forms.DateTimeField(
        required=False,
        label="When it was obtained",
        help_text="With time zone, e.g. 2025-10-26T07:40+05:00",
        validators=[validate_storable_moment],
    )
    obtained_from = forms.CharField(max_length=300, required=False, label="From whom")
    source_protected = forms.BooleanField(
        required=False,
        label="Protect this item (the other side sees only that it exists, and a redacted rendition if you "
        "upload one)",
    )
    reliability = forms.ChoiceField(
        choices=SourceReliability.choices, initial="F", label="Source reliability"
    )
    credibility = forms.ChoiceField(
        choices=InformationCredibility.choices, initial="6", label="Information credibility"
    )

    def evidence(self) -> EvidenceInput:
        d = self.cleaned_data
        upload = d.get("file")
        return EvidenceInput(
            filename=upload.name if upload else "",
            media_type=(upload.content_type or "") if upload else "",
            url=d.get("url") or "",
            description=d.get("description") or "",
            obtained_how=d.get("obtained_how") or "",
            obtained_at=d.get("obtained_at"),
            obtained_from=d.get("obtained_from") or "",
            source_protected=bool(d.get("source_protected")),
            reliability=d["reliability"],
            credibility=d["credibility"],
        )
