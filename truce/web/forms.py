"""Page forms. They only collect input; the actions validate it (truce.core.incident) and the form shows
the problems beside the fields they name."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from truce.apitypes import validate_storable_moment
from truce.core.agreement.model import Agreement
from truce.core.taxonomy import ACLED, ACTOR_TYPES, SUB_EVENT_TYPES
from truce.reports.evidence_intake import EvidenceInput
from truce.reports.models import InformationCredibility, SourceReliability
from truce.web.words import incident_type

# API field path -> form field, so an action's problem lands beside the right input.
FIELD_OF_PATH = {
    "incident.title": "title",
    "incident.sub_event_type": "sub_event_type",
    "incident.event_type": "sub_event_type",
    "incident.date": "date",
    "incident.date_precision": "date_precision",
    "incident.time": "time",
    "incident.injured.low": "injured_low",
    "incident.injured.best": "injured_best",
    "incident.injured.high": "injured_high",
    "incident.injured": "injured_best",
    "incident.fatalities": "fatalities_best",
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


DAY_INVALID = _("Pick the day from the calendar, or type it as year-month-day (2025-10-26).")
ACTOR_ROWS = 3  # empty actor rows the page renders; a script may add more (static/truce/report_form.js)
MAX_ACTOR_ROWS = 100  # truce.core.incident.MAX_ACTORS

ROLE_CHOICES = [
    ("perpetrator", _("Carried it out")),
    ("target", _("Was targeted")),
    ("other", _("Other part in it")),
]
# ACLED's actor types in words for the select (the stored value stays the codebook's name).
ACTOR_TYPE_WORDS = {
    "State forces": _("State forces (army, police, border guards)"),
    "Rebel group": _("Rebel group"),
    "Political militia": _("Political militia"),
    "Identity militia": _("Identity militia (ethnic, tribal, religious)"),
    "Rioters": _("Rioters"),
    "Protesters": _("Protesters"),
    "Civilians": _("Civilians"),
    "External/Other forces": _("Foreign or other forces"),
}


def language_name(code: str) -> str:
    """A language's own name in its own script ("اردو" for ur), so a reader finds theirs without
    knowing its code; the code itself when Django does not know it."""
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return code


def incident_type_choices(agreement: Agreement) -> list[tuple[str, list[tuple[str, str]]]]:
    """The incident types in <optgroup>s: the agreement's own categories and the types its commitments
    name first (what a complaint under it is usually about), then ACLED's by event type."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    if agreement.categories:
        groups.append(
            (str(_("This agreement's own categories")), [(c.name, c.name) for c in agreement.categories])
        )
    own = {c.name for c in agreement.categories}
    named: list[str] = []
    for commitment in agreement.commitments:
        for sub in commitment.covers:
            if sub not in own and sub in SUB_EVENT_TYPES and sub not in named:
                named.append(sub)
    if named:
        groups.append(
            (str(_("Named in the agreement's commitments")), [(s, incident_type(s)) for s in named])
        )
    for event_type, subs in ACLED.items():
        rest = [(s, incident_type(s)) for s in subs if s not in named]
        if rest:
            groups.append((incident_type(event_type), rest))
    return groups


class ActorRow(forms.Form):
    """One actor of the incident: a small group of fields, repeated (ActorRows)."""

    name = forms.CharField(max_length=200, required=False, label=_("Name"))
    type = forms.ChoiceField(
        required=False,
        label=_("Kind of actor"),
        choices=[("", "—")] + [(t, ACTOR_TYPE_WORDS.get(t, t)) for t in ACTOR_TYPES],
    )
    role = forms.ChoiceField(required=False, label=_("Part in the incident"), choices=ROLE_CHOICES)


ActorRows = forms.formset_factory(
    ActorRow, extra=ACTOR_ROWS, max_num=MAX_ACTOR_ROWS, absolute_max=MAX_ACTOR_ROWS
)


class ReportForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"), help_text=_("One line: what happened, where."))
    sub_event_type = forms.ChoiceField(label=_("Type of incident"))
    date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}),
        label=_("Day"),
        help_text=_("The day it happened."),
        error_messages={"invalid": DAY_INVALID},
    )
    time = forms.TimeField(
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        label=_("Time of day"),
        error_messages={"invalid": _("Give the time as hours and minutes on a 24-hour clock (21:05).")},
    )
    date_precision = forms.ChoiceField(
        choices=[
            ("day", _("Exact day")),
            ("week", _("Within that week")),
            ("month", _("Within that month")),
        ],
        label=_("How precise is the date?"),
    )
    place = forms.CharField(max_length=200, label=_("Place name"))
    country = forms.CharField(
        max_length=2, required=False, label=_("Country"), help_text=_("Two-letter code, e.g. PK or AF.")
    )
    admin1 = forms.CharField(max_length=120, required=False, label=_("Province or region"))
    lat = forms.DecimalField(
        required=False,
        label=_("Latitude"),
        help_text=_("Decimal degrees, -90 to 90; a tap on the map fills it."),
        widget=forms.NumberInput(attrs={"step": "any", "dir": "ltr"}),
    )
    lon = forms.DecimalField(
        required=False,
        label=_("Longitude"),
        help_text=_("Decimal degrees, -180 to 180; a tap on the map fills it."),
        widget=forms.NumberInput(attrs={"step": "any", "dir": "ltr"}),
    )
    geo_precision = forms.ChoiceField(
        choices=[
            ("1", _("The place itself")),
            ("2", _("Near it, or part of a region")),
            ("3", _("Only the region is known")),
        ],
        initial="1",
        label=_("How precise is the place?"),
    )
    fatalities_low = forms.IntegerField(required=False, min_value=0, label=_("Deaths — lowest figure"))
    fatalities_best = forms.IntegerField(required=False, min_value=0, label=_("Deaths — best estimate"))
    fatalities_high = forms.IntegerField(required=False, min_value=0, label=_("Deaths — highest figure"))
    injured_low = forms.IntegerField(required=False, min_value=0, label=_("Injured — lowest figure"))
    injured_best = forms.IntegerField(required=False, min_value=0, label=_("Injured — best estimate"))
    injured_high = forms.IntegerField(required=False, min_value=0, label=_("Injured — highest figure"))
    commitments = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, required=False, label=_("Commitments alleged breached")
    )
    accused_party = forms.ChoiceField(required=False, label=_("Party accused"))
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        required=False,
        label=_("What happened, in full"),
    )
    language = forms.ChoiceField(label=_("Language of the description"))
    urgent = forms.BooleanField(
        required=False,
        label=_("Urgent: alert every mediator now (and the accused party, for a complaint)"),
    )
    draft = forms.BooleanField(
        required=False, label=_("Save as a draft (only your side sees it; no case yet)")
    )

    def __init__(self, *args: Any, agreement: Agreement, filing_party: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        choice_fields: dict[str, Any] = self.fields  # ChoiceField.choices is not on Field's stub
        choice_fields["sub_event_type"].choices = [("", "—"), *incident_type_choices(agreement)]
        choice_fields["commitments"].choices = [(c.id, f"{c.id} — {c.title}") for c in agreement.commitments]
        choice_fields["accused_party"].choices = [("", "—")] + [
            (p.code, p.name) for p in agreement.parties if p.code != filing_party
        ]
        choice_fields["language"].choices = [(c, language_name(c)) for c in agreement.languages]
        self.fields["time"].help_text = _(
            "Hours and minutes, on the clock of %(zone)s. Leave empty if unknown."
        ) % {"zone": agreement.timezone}
        self.actor_rows = ActorRows(args[0] if args else kwargs.get("data"), prefix="actor")
        self.actor_errors: list[str] = []

    def add_error(self, field: str | None, error: Any) -> None:
        # The actors are rows of their own (actor_rows), not a field of this form: their problems show
        # above the rows.
        if field == "actors":
            self.actor_errors.append(str(error))
            return
        super().add_error(field, error)

    def is_valid(self) -> bool:
        # Both run, so every problem shows at once.
        own = super().is_valid()
        rows = self.actor_rows.is_valid()
        return own and rows

    def incident(self) -> dict[str, Any]:
        """The API's incident object built from the cleaned form."""
        d = self.cleaned_data
        actors = [
            {"name": row["name"], "type": row.get("type") or "", "role": row.get("role") or "other"}
            for row in self.actor_rows.cleaned_data
            if row and (row.get("name") or "").strip()
        ]
        return {
            "title": d["title"],
            "sub_event_type": d["sub_event_type"],
            "date": d["date"].isoformat(),
            "time": None if d.get("time") is None else d["time"].strftime("%H:%M"),
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
            "injured": {
                "low": d.get("injured_low"),
                "best": d.get("injured_best"),
                "high": d.get("injured_high"),
            },
            "commitments": list(d.get("commitments") or []),
            "accused_party": d.get("accused_party") or "",
            "description": d.get("description") or "",
            "language": d["language"],
        }


class EvidenceForm(forms.Form):
    file = forms.FileField(
        required=False, label=_("File"), help_text=_("A photograph, video, document or other file.")
    )
    url = forms.URLField(required=False, max_length=2000, label=_("…or a link"), assume_scheme="https")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}), required=False, label=_("Description")
    )
    obtained_how = forms.CharField(max_length=300, required=False, label=_("How it was obtained"))
    obtained_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        label=_("Day it was obtained"),
        error_messages={"invalid": DAY_INVALID},
    )
    obtained_time = forms.TimeField(
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        label=_("Time of day it was obtained"),
        error_messages={"invalid": _("Give the time as hours and minutes on a 24-hour clock (07:40).")},
    )
    obtained_from = forms.CharField(max_length=300, required=False, label=_("From whom"))
    source_protected = forms.BooleanField(
        required=False,
        label=_(
            "Protect this item (the other side sees only that it exists, and a redacted rendition if you "
            "upload one)"
        ),
    )
    reliability = forms.ChoiceField(
        choices=SourceReliability.choices, initial="F", label=_("Source reliability")
    )
    credibility = forms.ChoiceField(
        choices=InformationCredibility.choices, initial="6", label=_("Information credibility")
    )

    def __init__(self, *args: Any, zone: str = "UTC", **kwargs: Any) -> None:
        """``zone``: the agreement's time zone, on whose clock the day and time are read."""
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["obtained_time"].help_text = _("On the clock of %(zone)s.") % {"zone": zone}

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        day, time = d.get("obtained_on"), d.get("obtained_time")
        d["obtained_at"] = None
        if time is not None and day is None and "obtained_on" not in self.errors:
            self.add_error("obtained_on", _("Give the day as well as the time."))
        elif day is not None:
            moment = dt.datetime.combine(day, time or dt.time(0, 0), tzinfo=ZoneInfo(self.zone))
            try:
                validate_storable_moment(moment)
            except forms.ValidationError as exc:
                self.add_error("obtained_on", exc)
            else:
                d["obtained_at"] = moment
        return d

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
