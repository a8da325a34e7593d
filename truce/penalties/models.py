"""Penalties on a party's ledger: proposed by the engine (truce.core.penalties) with their reasons,
confirmed or declined by mediators, lapsing or superseded as the schedule says."""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class PenaltyStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("penalty status", "Proposed")
    CONFIRMED = "confirmed", pgettext_lazy("penalty status", "Confirmed")
    DECLINED = "declined", pgettext_lazy("penalty status", "Declined")
    EXPIRED = "expired", pgettext_lazy("penalty status", "Expired")
    SUPERSEDED = "superseded", pgettext_lazy("penalty status", "Superseded")


class Penalty(models.Model):
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="penalties")
    party = models.CharField(max_length=16)
    number = models.PositiveIntegerField()
    reference = models.CharField(max_length=80, unique=True)
    rule_id = models.CharField(max_length=32)
    measure = models.TextField()
    severity = models.IntegerField(default=0)
    status = models.CharField(max_length=12, choices=PenaltyStatus.choices, default=PenaltyStatus.PROPOSED)
    reasons_text = models.TextField()
    reasons = models.JSONField(help_text="the engine's machine-readable reasons (Reasons.as_dict)")
    basis = models.JSONField(default=list, help_text="items the deciding comparisons counted (Reasons.basis)")
    proposed_on = models.DateField(help_text="the agreement's local day of the proposal")
    proposed_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    confirmed_on = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, default="")
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_on = models.DateField(null=True, blank=True, help_text="day it expired or was superseded")

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="penalty_number_per_agreement")
        ]

    def __str__(self) -> str:
        return self.reference


class PenaltyConfirmation(models.Model):
    """One officer's confirmation of a proposed penalty. The penalty is confirmed when the confirmations
    meet the agreement's quorum, as a ruling's signatures do (truce.penalties.actions.do_confirm_penalty):
    a measure "delivered by both mediators" is not confirmed by one of them alone."""

    penalty = models.ForeignKey(Penalty, on_delete=models.PROTECT, related_name="confirmations")
    officer = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    body = models.CharField(max_length=16, help_text="the officer's mediator (or mission) code")
    reason = models.TextField()
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["penalty", "officer"], name="one_confirmation_per_officer")
        ]

    def __str__(self) -> str:
        return f"{self.body} confirms penalty {self.penalty_id}"
