"""Cases: the verification file for one incident, which several reports may join."""

from __future__ import annotations

from django.db import models


class CaseStatus(models.TextChoices):
    # The verification workflow (admissibility, investigation, reply, ruling) extends this list.
    RECEIVED = "received", "Received"


class Case(models.Model):
    """``reference`` is what people quote ("pak-afg-2025/0007"); ``number`` counts per agreement.

    The incident fields are those of the report that opened the case; joining reports are matched
    against them (truce.core.matching).
    """

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="cases")
    number = models.PositiveIntegerField()
    reference = models.CharField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=24, choices=CaseStatus.choices, default=CaseStatus.RECEIVED)
    opened_at = models.DateTimeField()
    event_type = models.CharField(max_length=64)
    sub_event_type = models.CharField(max_length=64)
    incident_date = models.DateField()
    date_precision = models.CharField(max_length=8)
    place = models.CharField(max_length=200)
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    accused_party = models.CharField(max_length=16, blank=True, default="")

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="case_number_per_agreement")
        ]

    def __str__(self) -> str:
        return self.reference
