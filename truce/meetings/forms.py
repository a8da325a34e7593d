"""Page forms for meetings. They only collect input; the actions validate it and the views show the
problems beside the fields they name. Times without a zone are read in the agreement's time zone (the
view cleans them under ``timezone.override``)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _l

from truce.apitypes import validate_storable_moment
from truce.meetings.models import MeetingKind

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def form_field(path: str) -> str:
    """The form field an action's problem belongs to: ``attendance[2]`` -> ``attendance``."""
    return re.sub(r"\[\d+\]$", "", path)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_l("Kind"), choices=MeetingKind.choices)
    scheduled_for = forms.DateTimeField(
        label=_l("Date and time"), widget=DATETIME_WIDGET, validators=[validate_storable_moment]
    )
    place = forms.CharField(label=_l("Place"), max_length=200)
    title = forms.CharField(
        label=_l("Title"), max_length=200, required=False, help_text=_l("Optional, e.g. “second session”.")
    )

    def __init__(self, *args: Any, timezone_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheduled_for"].help_text = gettext("In the agreement's time zone (%(zone)s).") % {
            "zone": timezone_name
        }


class AgendaForm(forms.Form):
    case = forms.TypedChoiceField(coerce=int, label=_l("Case to add to the agenda"))

    def __init__(self, *args: Any, cases: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_fields: dict[str, Any] = self.fields  # ChoiceField.choices is not on Field's stub
        choice_fields["case"].choices = cases


class DecisionForm(forms.Form):
    case = forms.TypedChoiceField(coerce=int, label=_l("Agenda case"))
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=_l("Decision"))
    supersedes = forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        required=False,
        label=_l("Corrects decision"),
        help_text=_l(
            "Leave empty for a new decision; a correction keeps the one it supersedes in the record."
        ),
    )

    def __init__(
        self, *args: Any, cases: list[tuple[int, str]], decisions: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_fields: dict[str, Any] = self.fields
        choice_fields["case"].choices = cases
        choice_fields["supersedes"].choices = [("", "—"), *decisions]


class CloseForm(forms.Form):
    attendance = forms.CharField(
        label=_l("Attendance"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_l("The delegations present, one per line."),
    )
    next_meeting_at = forms.DateTimeField(
        required=False,
        label=_l("Next meeting: date and time"),
        widget=DATETIME_WIDGET,
        validators=[validate_storable_moment],
    )
    schedule_next = forms.BooleanField(required=False, label=_l("Schedule the next meeting now"))
    next_kind = forms.ChoiceField(
        choices=[("", _l("Same kind")), *MeetingKind.choices], required=False, label=_l("Next meeting: kind")
    )
    next_place = forms.CharField(
        max_length=200,
        required=False,
        label=_l("Next meeting: place"),
        help_text=_l("Empty: the same place."),
    )

    def delegations(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["attendance"].splitlines() if line.strip()]


class CancelForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_l("Why it is cancelled"))
