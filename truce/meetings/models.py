"""The mechanism's meetings: when and where, the agenda of cases, the decisions taken on them.

Rows are changed only by truce.meetings.actions. A decision is never edited: a correction is a new
decision that supersedes it (``Decision.supersedes``), so the record holds both.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeetingKind(models.TextChoices):
    JOINT_COMMISSION = "joint_commission", _("Joint commission")
    PRINCIPALS = "principals", _("Principals' meeting")
    TECHNICAL = "technical", _("Technical meeting")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("meeting status", "Scheduled")
    HELD = "held", pgettext_lazy("meeting status", "Held")
    CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")


class Meeting(models.Model):
    """``reference`` is what people quote ("pak-afg-2025/M003"); ``number`` counts per agreement.

    ``next_meeting_at`` is the date the meeting set for the next one; ``next_meeting`` is that meeting
    when closing also scheduled it.
    """

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveIntegerField()
    reference = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=24, choices=MeetingKind.choices)
    title = models.CharField(max_length=200, blank=True, default="")
    scheduled_for = models.DateTimeField()
    place = models.CharField(max_length=200)
    status = models.CharField(max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField()
    attendance = models.JSONField(default=list)  # delegations present, as written by the mediator
    next_meeting_at = models.DateTimeField(null=True, blank=True)
    next_meeting = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="previous_meeting"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-scheduled_for", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="meeting_number_per_agreement")
        ]
        indexes = [models.Index(fields=["agreement", "scheduled_for"])]

    def __str__(self) -> str:
        return self.reference


class AgendaItem(models.Model):
    """One case on a meeting's agenda. ``position`` is its place in the agenda, from 1."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveIntegerField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case"], name="case_once_per_agenda"),
            models.UniqueConstraint(fields=["meeting", "position"], name="one_item_per_position"),
        ]

    def __str__(self) -> str:
        return f"item {self.position} of meeting {self.meeting_id}"


class Decision(models.Model):
    """What a meeting decided on one agenda case. The text is confidential (sealed in the record)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="decisions")
    text = models.TextField()
    # One-to-one: a decision is superseded at most once, so the corrections form a chain, never a tree.
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"decision {self.pk} of meeting {self.meeting_id}"
