"""Reports (complaints, observations, leads), the incident each alleges, and their evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")  # filed by a party's liaison officer
    OBSERVATION = "observation", _("Observation")  # filed by a monitor
    LEAD = "lead", pgettext_lazy("report kind", "Lead")  # raised from open sources


class ReportStatus(models.TextChoices):
    DRAFT = (
        "draft",
        pgettext_lazy("report status", "Draft"),
    )  # seen only by the filing party (or the filing monitor)
    SUBMITTED = "submitted", _("Submitted")


class DatePrecision(models.TextChoices):
    DAY = "day", pgettext_lazy("date precision", "Day")
    WEEK = "week", pgettext_lazy("date precision", "Week")
    MONTH = "month", pgettext_lazy("date precision", "Month")


class Report(models.Model):
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(max_length=16, choices=ReportKind.choices)
    status = models.CharField(max_length=16, choices=ReportStatus.choices)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    # The complaining party for complaints; empty for observations and leads.
    filing_party = models.CharField(max_length=16, blank=True, default="")
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    created_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)

    # The incident, as alleged (validated by truce.core.incident.parse_incident).
    title = models.CharField(max_length=200)
    event_type = models.CharField(max_length=64)
    sub_event_type = models.CharField(max_length=64)
    incident_date = models.DateField()
    date_precision = models.CharField(max_length=8, choices=DatePrecision.choices)
    place = models.CharField(max_length=200)
    country = models.CharField(max_length=2, blank=True, default="")
    admin1 = models.CharField(max_length=120, blank=True, default="")
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    geo_precision = models.PositiveSmallIntegerField()
    actors = models.JSONField(default=list)
    fatalities_low = models.PositiveIntegerField(null=True, blank=True)
    fatalities_best = models.PositiveIntegerField(null=True, blank=True)
    fatalities_high = models.PositiveIntegerField(null=True, blank=True)
    # The time of day on the agreement's clock (its timezone), when the reporter knows it.
    incident_time = models.TimeField(null=True, blank=True)
    injured_low = models.PositiveIntegerField(null=True, blank=True)
    injured_best = models.PositiveIntegerField(null=True, blank=True)
    injured_high = models.PositiveIntegerField(null=True, blank=True)
    commitments = models.JSONField(default=list)
    accused_party = models.CharField(max_length=16, blank=True, default="")
    description = models.TextField(blank=True, default="")
    language = models.CharField(max_length=8, default="en")
    # Urgent (hotline) reports notify every mediator and the accused party's liaison officers at once;
    # ``urgent_notified_at - submitted_at`` is the alerting delay the mechanism reports on.
    urgent = models.BooleanField(default=False)
    urgent_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["agreement", "status", "accused_party"]),
            models.Index(fields=["agreement", "filing_party"]),
        ]

    def __str__(self) -> str:
        return f"report {self.pk}: {self.title}"


class EvidenceKind(models.TextChoices):
    FILE = "file", pgettext_lazy("kind of evidence", "File")
    LINK = "link", pgettext_lazy("kind of evidence", "Link")


class SourceReliability(models.TextChoices):
    """Admiralty code, source reliability."""

    A = "A", _("A — Completely reliable")
    B = "B", _("B — Usually reliable")
    C = "C", _("C — Fairly reliable")
    D = "D", _("D — Not usually reliable")
    E = "E", _("E — Unreliable")
    F = "F", _("F — Reliability cannot be judged")


class InformationCredibility(models.TextChoices):
    """Admiralty code, information credibility."""

    CONFIRMED = "1", _("1 — Confirmed by other sources")
    PROBABLY_TRUE = "2", _("2 — Probably true")
    POSSIBLY_TRUE = "3", _("3 — Possibly true")
    DOUBTFUL = "4", _("4 — Doubtful")
    IMPROBABLE = "5", _("5 — Improbable")
    CANNOT_JUDGE = "6", _("6 — Truth cannot be judged")


class Evidence(models.Model):
    """A file or link attached to a report. Files live content-addressed under TRUCE_HOME
    (truce.reports.evidence_store); this row holds what we know about where it came from."""

    # Attached to exactly one of: a report, a case (a monitor's findings), a reply (counter-evidence).
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="case_evidence"
    )
    reply = models.ForeignKey(
        "cases.Reply", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    kind = models.CharField(max_length=8, choices=EvidenceKind.choices)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.BigIntegerField(default=0)
    media_type = models.CharField(max_length=120, blank=True, default="")
    original_name = models.CharField(max_length=255, blank=True, default="")
    url = models.URLField(max_length=2000, blank=True, default="")
    description = models.TextField(blank=True, default="")
    # Provenance: who added it and when (facts of the system), how and from whom it was obtained (claims).
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    obtained_how = models.CharField(max_length=300, blank=True, default="")
    obtained_at = models.DateTimeField(null=True, blank=True)
    obtained_from = models.CharField(max_length=300, blank=True, default="")
    # A protected item is withheld whole (content, name, description, provenance, grading) from everyone
    # but the mediators and its filing side (truce.reports.visibility.may_see_protected); the others see
    # that it exists and, if the filer made one, its redacted rendition (EvidenceRendition).
    source_protected = models.BooleanField(default=False)
    reliability = models.CharField(
        max_length=1, choices=SourceReliability.choices, default=SourceReliability.F
    )
    credibility = models.CharField(
        max_length=1, choices=InformationCredibility.choices, default=InformationCredibility.CANNOT_JUDGE
    )

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="evidence_attached_to_one_thing",
                condition=(
                    models.Q(report__isnull=False, case__isnull=True, reply__isnull=True)
                    | models.Q(report__isnull=True, case__isnull=False, reply__isnull=True)
                    | models.Q(report__isnull=True, case__isnull=True, reply__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        return f"evidence {self.pk} ({self.sha256[:12]}…)"


class EvidenceRendition(models.Model):
    """A redacted rendition of a protected item, uploaded by its filing side (or a mediator) for the
    other side to see in its place. A separate file with its own SHA-256, stored under the evidence
    store's renditions folder (never among originals), so the original stays intact in the chain of
    custody. An image is re-rendered without its metadata (truce.reports.renditions). The newest one is
    shown; older ones stay, since nothing is deleted."""

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="renditions")
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    media_type = models.CharField(max_length=120, blank=True, default="")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return f"rendition {self.pk} of evidence {self.evidence_id}"


class AccessAction(models.TextChoices):
    VIEW = "view", _("Viewed the details")
    DOWNLOAD = "download", _("Downloaded the content")


class EvidenceAccess(models.Model):
    """Who read protected evidence (its details or its content), and when; shown to the mediators on the
    case page and in the case API.

    A read-side log, not a record event: the record holds what the mechanism decided and received, and
    every entry is replicated to witnesses and parties for ever; who opened a file is an operational
    fact about access, written on every read, that the witnesses need not hold and the parties must not
    (it would say which officers look at which protected source). Reads still write nothing else.
    """

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=16, choices=AccessAction.choices)
    via = models.CharField(max_length=8)  # "api" or "page"
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["evidence", "at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} evidence {self.evidence_id}"
