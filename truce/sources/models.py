"""Open sources: articles as fetched, the leads clustered from them, the sources of each lead, feeds.

Nothing here is edited in place except a lead's summary (recomputed from its sources whenever a new
source joins; every such change is listed in the ingest run's record event) and its triage outcome.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Article(models.Model):
    """One article as fetched for one agreement. The bytes live content-addressed in the evidence store
    (``sha256``); ``extraction`` is the extractor's JSON of it (empty for a near duplicate, which is
    never extracted: its events would count the same reporting twice)."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="articles")
    # Unique per agreement when present (constraint below): the same page fetched again is not new.
    url = models.CharField(max_length=2000, blank=True, default="")
    origin = models.CharField(max_length=500, help_text="the URL, file name or feed it was read from")
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.BigIntegerField()
    media_type = models.CharField(max_length=60)
    # SimHash of the cleaned text, 16 hex digits (truce.sources.fingerprint); compared on ingest.
    fingerprint = models.CharField(max_length=16)
    title = models.CharField(max_length=500, blank=True, default="")
    outlet = models.CharField(max_length=255)
    published = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=8, blank=True, default="")
    extraction = models.JSONField(default=dict)
    fetched_at = models.DateTimeField()
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    feed = models.ForeignKey("Feed", null=True, blank=True, on_delete=models.PROTECT, related_name="articles")

    class Meta:
        ordering = ["-fetched_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "url"], condition=~models.Q(url=""), name="article_url_per_agreement"
            )
        ]
        indexes = [models.Index(fields=["agreement", "sha256"])]

    def __str__(self) -> str:
        return f"article {self.pk}: {self.title or self.origin}"


class LeadStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("lead status", "Open")
    ACCEPTED = "accepted", _("Accepted into a case")
    DISMISSED = "dismissed", _("Dismissed")


class Lead(models.Model):
    """One incident as the open sources tell it: the summary across its sources (truce.sources.leads)
    and, once triaged, where it went. New sources join only while it is open."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="leads")
    status = models.CharField(max_length=16, choices=LeadStatus.choices, default=LeadStatus.OPEN)
    raised_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    kind = models.CharField(max_length=16)
    event_type = models.CharField(max_length=64)
    sub_event_type = models.CharField(max_length=64)
    date_low = models.DateField(null=True, blank=True)
    date_high = models.DateField(null=True, blank=True)
    # The sources' days lie further apart than the clustering window: date_low..date_high is then the
    # range between them, not a day they agree on (truce.core.extract.cluster.lead_dates).
    date_conflict = models.BooleanField(default=False)
    place = models.CharField(max_length=200, blank=True, default="")
    country = models.CharField(max_length=2, blank=True, default="")
    admin1 = models.CharField(max_length=120, blank=True, default="")
    # The district (ADM2), when the extractor's gazetteer knows it (the border places): "" otherwise.
    admin2 = models.CharField(max_length=120, blank=True, default="")
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    geo_precision = models.PositiveSmallIntegerField(null=True, blank=True)
    actors = models.JSONField(default=list)
    fatalities_low = models.PositiveIntegerField(null=True, blank=True)
    fatalities_best = models.PositiveIntegerField(null=True, blank=True)
    fatalities_high = models.PositiveIntegerField(null=True, blank=True)
    independent_sources = models.PositiveIntegerField(default=0)
    confidence = models.FloatField(default=0.0)
    # Ids of open cases that may be the same incident (truce.core.matching), best first.
    suggested_cases = models.JSONField(default=list)

    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    dismissed_reason = models.TextField(blank=True, default="")
    report = models.ForeignKey(
        "reports.Report", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["agreement", "status"])]

    def __str__(self) -> str:
        return f"lead {self.pk}: {self.sub_event_type} at {self.place or '?'}"


class LeadSource(models.Model):
    """One event of one article, as it joined a lead: the extractor's event JSON and this source's own
    figures (restatements of one toll counted once; truce.sources.leads.source_figures)."""

    lead = models.ForeignKey(Lead, on_delete=models.PROTECT, related_name="sources")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="lead_sources")
    event_index = models.PositiveIntegerField()
    event = models.JSONField()
    fatalities_low = models.PositiveIntegerField(null=True, blank=True)
    fatalities_best = models.PositiveIntegerField(null=True, blank=True)
    fatalities_high = models.PositiveIntegerField(null=True, blank=True)
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "event_index"], name="one_lead_per_article_event")
        ]

    def __str__(self) -> str:
        return f"source {self.article_id}#{self.event_index} of lead {self.lead_id}"


class Feed(models.Model):
    """An RSS/Atom feed polled every ``every_minutes`` by ``truce worker`` (truce.sources.tasks)."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="feeds")
    url = models.CharField(max_length=2000)
    every_minutes = models.PositiveIntegerField()
    registered_at = models.DateTimeField()
    last_polled_at = models.DateTimeField(null=True, blank=True)
    # Sent back as If-None-Match / If-Modified-Since so an unchanged feed costs one 304.
    etag = models.CharField(max_length=500, blank=True, default="")
    last_modified = models.CharField(max_length=100, blank=True, default="")
    last_error = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["agreement", "url"], name="feed_url_per_agreement")]

    def __str__(self) -> str:
        return self.url
