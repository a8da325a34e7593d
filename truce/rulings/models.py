"""Rulings: the mechanism's findings on cases, and the signatures that give them effect."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Outcome(models.TextChoices):
    VIOLATION = "violation", pgettext_lazy("ruling outcome", "Violation")
    NO_VIOLATION = "no_violation", _("No violation")
    NOT_ATTRIBUTABLE = "not_attributable", _("Not attributable")
    INSUFFICIENT_EVIDENCE = "insufficient_evidence", _("Insufficient evidence")


class Confidence(models.TextChoices):
    """How sure the finding is (docs/workflow.md defines each grade)."""

    CONFIRMED = "confirmed", pgettext_lazy("confidence of a finding", "Confirmed")
    FAIR = "fair", _("Fair")
    WEAK = "weak", _("Weak")
    CONTESTED = "contested", _("Contested")
    DISCOUNTED = "discounted", _("Discounted")


class RulingStatus(models.TextChoices):
    DRAFT = "draft", _("Awaiting signatures")
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", pgettext_lazy("ruling status", "Superseded")


class Ruling(models.Model):
    """Never edited once signed: a revision is a new ruling whose ``supersedes`` names this one."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="rulings")
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="rulings")
    number = models.PositiveIntegerField()
    reference = models.CharField(max_length=80, unique=True)
    outcome = models.CharField(max_length=24, choices=Outcome.choices)
    commitment = models.CharField(max_length=32, blank=True, default="")
    responsible_party = models.CharField(max_length=16, blank=True, default="")
    perpetrator = models.CharField(max_length=200, blank=True, default="")
    perpetrator_type = models.CharField(max_length=40, blank=True, default="")
    sub_event_type = models.CharField(max_length=64, blank=True, default="")
    confidence = models.CharField(max_length=12, choices=Confidence.choices)
    reasons = models.TextField()
    evidence = models.ManyToManyField("reports.Evidence", related_name="rulings", blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    status = models.CharField(max_length=12, choices=RulingStatus.choices, default=RulingStatus.DRAFT)
    drafted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField()
    in_force_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-drafted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="ruling_number_per_agreement")
        ]

    def __str__(self) -> str:
        return self.reference


class Signature(models.Model):
    """One officer's signature; an officer signs a ruling at most once (the constraint backs the check)."""

    ruling = models.ForeignKey(Ruling, on_delete=models.PROTECT, related_name="signatures")
    officer = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="signatures")
    body = models.CharField(max_length=16, help_text="the mediator (or mission) the officer signs for")
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ruling", "officer"], name="one_signature_per_officer")
        ]

    def __str__(self) -> str:
        return f"{self.officer_id} ({self.body}) on {self.ruling_id}"
