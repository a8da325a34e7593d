"""The in-app inbox. Rows are written by the action that causes them, in its transaction."""

from __future__ import annotations

from django.db import models


class Kind(models.TextChoices):
    COMPLAINT_AGAINST_YOU = "complaint_against_you", "Complaint against your party"
    REPLY_REQUESTED = "reply_requested", "Reply requested"
    REPLY_RECEIVED = "reply_received", "Reply received"
    REPLY_OVERDUE = "reply_overdue", "Reply overdue"
    URGENT_REPORT = "urgent_report", "Urgent report"
    ASSIGNED = "assigned", "Assigned to a case"
    RULING_TO_SIGN = "ruling_to_sign", "Ruling awaiting your signature"
    RULING_IN_FORCE = "ruling_in_force", "Ruling in force"
    PENALTY_PROPOSED = "penalty_proposed", "Penalty proposed"
    POSSIBLE_SAME_INCIDENT = "possible_same_incident", "Possibly the same incident as another case"
    CASE_SHARED = "case_shared", "Case shared with your party"
    NEW_COMPLAINT = "new_complaint", "New complaint"
    LEAD_OPENED_CASE = "lead_opened_case", "A lead opened a case"
    PENALTY_CONFIRMED = "penalty_confirmed", "Penalty confirmed"
    MEETING_SCHEDULED = "meeting_scheduled", "Meeting scheduled"
    MEETING_CANCELLED = "meeting_cancelled", "Meeting cancelled"
    ACCOUNT_CHANGED = "account_changed", "An account was added, deactivated or reactivated"


class Notification(models.Model):
    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="notifications")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    # The notice in English as it was sent by e-mail. Notices that carry ``params`` are read in the
    # reader's language instead (truce.notifications.present.compose); older rows have only these.
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True, default="")
    params = models.JSONField(default=dict, blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    emailed = models.BooleanField(default=False)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            # The menu's unread count (truce.web.context.inbox).
            models.Index(fields=["user", "read_at"], name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"
