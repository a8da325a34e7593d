"""Cases: the verification file for one incident, which several reports may join."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CaseStatus(models.TextChoices):
    """The states of truce.core.workflow.Status (the transitions are defined there)."""

    RECEIVED = "received", pgettext_lazy("case status", "Received")
    ADMISSIBLE = "admissible", _("Admissible")
    INADMISSIBLE = "inadmissible", _("Inadmissible")
    UNDER_INVESTIGATION = "under_investigation", _("Under investigation")
    AWAITING_REPLY = "awaiting_reply", _("Awaiting reply")
    RULING_DRAFTED = "ruling_drafted", _("Ruling drafted")
    RULED = "ruled", pgettext_lazy("case status", "Ruled")
    PUBLISHED = "published", pgettext_lazy("case status", "Published")
    JOINED = "joined", _("Joined into another case")


class CaseTransition(models.TextChoices):
    """The verbs of truce.core.workflow.Transition, as the case page names the steps a case may take next
    (tests/app/test_languages.py checks the two list the same values)."""

    ADMIT = "admit", _("Declare admissible")
    DECLARE_INADMISSIBLE = "declare_inadmissible", _("Declare inadmissible")
    START_INVESTIGATION = "start_investigation", _("Start the investigation")
    REQUEST_REPLY = "request_reply", _("Ask the accused party to reply")
    DRAFT_RULING = "draft_ruling", _("Draft a ruling")
    # Translators: a verb: the quorum's last signature rules on the case.
    RULE = "rule", pgettext_lazy("case step", "Rule")
    PUBLISH = "publish", pgettext_lazy("case step", "Publish")
    REOPEN = "reopen", _("Reopen")
    JOIN = "join", _("Join into another case")
    RECEIVE_REPLY = "receive_reply", _("Receive the accused party's reply")


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
    # Workflow facts; each is set by the action that makes the transition (truce/cases/actions.py).
    inadmissible_reason = models.TextField(blank=True, default="")
    reply_requested_at = models.DateTimeField(null=True, blank=True)
    reply_due_at = models.DateTimeField(null=True, blank=True)
    reply_overdue_noted_at = models.DateTimeField(null=True, blank=True)
    joined_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    monitors: models.ManyToManyField = models.ManyToManyField(
        "accounts.User",
        through="Assignment",
        through_fields=("case", "monitor"),
        related_name="assigned_cases",
        blank=True,
    )

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="case_number_per_agreement")
        ]
        # The case list and dashboard sort an agreement's cases newest incident first and count them by
        # status (truce.web.incidents); at 10^5 cases both scanned and sorted the whole table
        # (bench/pages/run.py, docs/performance.md).
        indexes = [
            models.Index(fields=["agreement", "-incident_date", "-opened_at"], name="case_newest_incident"),
            models.Index(fields=["agreement", "status"], name="case_agreement_status"),
            # Covering indexes for the dashboard's aggregates over every case (truce.web.dashboard): the
            # commitments table groups by accused party and sub-event type, the map counts and grids by
            # place, a zoomed map reads a range of latitudes. With them the database reads an index
            # instead of every case's row (10^5 cases, SQLite: 360 -> 27 ms, a zoomed map 361 -> 3 ms).
            models.Index(
                fields=["agreement", "accused_party", "sub_event_type", "status"], name="case_commitments"
            ),
            models.Index(fields=["agreement", "lat", "lon", "status"], name="case_place"),
            # A liaison's replies due, soonest first ("what needs you", never cached).
            models.Index(
                fields=["agreement", "status", "accused_party", "reply_due_at"], name="case_reply_due"
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class CaseSummary(models.Model):
    """What one party of the agreement may know of a case: a row exists exactly when that party's liaison
    officers may see the case (truce.cases.visibility.cases_visible_to), and holds the summary they get
    (truce.cases.present.case_summary: the case's own incident once published, else that of the earliest
    report of the case the party may see). Kept by the actions that change either, in their transaction
    (truce.cases.summaries.refresh), so the dashboard and case list read a liaison's cases with one join
    instead of a subquery per case and field; ``truce check --summaries`` recomputes them and reports drift.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="summaries")
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="+")
    party = models.CharField(max_length=16)
    # NULL, not "": nothing the party may see tells it (truce.web.incidents.with_summaries' meaning).
    title = models.CharField(max_length=200, null=True)  # noqa: DJ001
    place = models.CharField(max_length=200, null=True)  # noqa: DJ001
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    incident_date = models.DateField(null=True)
    # The case was joined into another (its status is "joined"): it is listed nowhere, and the map and the
    # list's count leave it out by this column, reading the party's summaries alone instead of joining
    # every one of them to its case.
    joined = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "party"], name="one_summary_per_party")]
        # A party's cases newest incident first, and its counts by incident date (truce.web.incidents).
        indexes = [
            models.Index(
                fields=["agreement", "party", "-incident_date", "-case"], name="summary_newest_incident"
            ),
            # A party's cases in a map's bounds: a range of latitudes, not every summary of the party.
            models.Index(fields=["agreement", "party", "lat", "lon"], name="summary_place"),
            # The case list's count of a party's cases, from this index alone (truce.web.views).
            models.Index(fields=["agreement", "party", "joined"], name="summary_listed"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} as {self.party} knows it"


class CaseTally(models.Model):
    """How one case is counted in one view of its agreement's cases (truce.cases.counts): ``scope`` ""
    for the mediators' (every case), a party's code for what that party's liaison officers may see; the
    day is the incident date as that view knows it (NULL when it knows none). A row exists exactly when
    the view shows the case (a joined case is in none). Kept with the counts below, so an action that
    changes a case moves the case's counts from its old row to its new one without counting anything."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=16)
    day = models.DateField(null=True)
    accused_party = models.CharField(max_length=16)
    event_type = models.CharField(max_length=64)
    sub_event_type = models.CharField(max_length=64)
    status = models.CharField(max_length=24)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "scope"], name="one_tally_per_scope")]

    def __str__(self) -> str:
        return f"{self.case_id} counted in {self.scope or 'mediators'}"


class IncidentCount(models.Model):
    """How many cases of a view (``CaseTally.scope``) happened on ``day`` with this accused party, type and
    status: the dashboard's counts of a period and its timeline add these up instead of counting cases.
    A key may have more than one row (never in practice: actions take the record lock); readers sum."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=16)
    day = models.DateField()
    accused_party = models.CharField(max_length=16)
    event_type = models.CharField(max_length=64)
    sub_event_type = models.CharField(max_length=64)
    status = models.CharField(max_length=24)
    n = models.IntegerField(default=0)

    class Meta:
        # Covering (``n`` last): a period's sums read the index alone.
        indexes = [
            models.Index(
                fields=[
                    "agreement",
                    "scope",
                    "day",
                    "accused_party",
                    "event_type",
                    "sub_event_type",
                    "status",
                    "n",
                ],
                name="incident_count_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.n} on {self.day} in {self.scope or 'mediators'}"


class IncidentTotal(models.Model):
    """``IncidentCount`` over every day, undated cases included: the commitments table's incidents of all
    time read a few hundred rows instead of every case."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=16)
    accused_party = models.CharField(max_length=16)
    event_type = models.CharField(max_length=64)
    sub_event_type = models.CharField(max_length=64)
    status = models.CharField(max_length=24)
    n = models.IntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["agreement", "scope", "accused_party", "sub_event_type", "event_type", "status", "n"],
                name="incident_total_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.n} in {self.scope or 'mediators'}"


class MapCell(models.Model):
    """How many located incidents one view of an agreement holds in one square of the map, and the sum of
    their coordinates (in millionths of a degree, exact), so that the unzoomed map reads a few hundred of
    these rows instead of every case (truce.cases.mapcells). ``view`` is "" for every case of the agreement
    (what its mediators see) or a party's code (what that party's liaison officers see: its summaries).
    Squares are ``truce.cases.mapcells.GRAIN`` degrees; the map adds them up into its own cells. Kept by
    truce.cases.summaries.refresh in the writing action's transaction; ``truce check --summaries``
    recounts them."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="+")
    view = models.CharField(max_length=16, blank=True)
    fx = models.IntegerField()
    fy = models.IntegerField()
    n = models.PositiveIntegerField()
    lat_sum = models.BigIntegerField()
    lon_sum = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agreement", "view", "fx", "fy"], name="one_map_cell_per_square")
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id}/{self.view or '*'} ({self.fx}, {self.fy}): {self.n}"


class Assignment(models.Model):
    """A monitor assigned to investigate a case (by a mediator)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assignments")
    monitor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "monitor"], name="one_assignment_per_monitor")]

    def __str__(self) -> str:
        return f"{self.monitor_id} on {self.case_id}"


class SiteVisit(models.Model):
    """A monitor's visit to the scene and what was found there."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="site_visits")
    monitor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    visited_at = models.DateTimeField()
    place = models.CharField(max_length=200)
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    findings = models.TextField()
    logged_at = models.DateTimeField()

    class Meta:
        ordering = ["visited_at", "id"]

    def __str__(self) -> str:
        return f"visit to {self.place} for {self.case_id}"


class AccessDenial(models.Model):
    """Monitors refused access: counted against the denying party on its ledger."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="access_denials")
    monitor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    denied_by_party = models.CharField(max_length=16)
    denied_by = models.CharField(max_length=200, blank=True, default="", help_text="unit or officer, as seen")
    denied_at = models.DateTimeField()
    place = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    logged_at = models.DateTimeField()

    class Meta:
        ordering = ["denied_at", "id"]

    def __str__(self) -> str:
        return f"access denied by {self.denied_by_party} at {self.place}"


class Reply(models.Model):
    """The accused party's answer to a case, within the reply window."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="replies")
    party = models.CharField(max_length=16)
    submitted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    text = models.TextField()

    class Meta:
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"reply of {self.party} on {self.case_id}"


class CaseShare(models.Model):
    """A mediator's decision to show a case to a party that could not see it (a case the monitors
    opened, which accuses that party), so that the party can be asked to reply. The party then sees the
    case's submitted reports as the accused party sees a complaint: protected evidence and the filing
    officers withheld (truce.reports.present)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="shares")
    party = models.CharField(max_length=16)
    shared_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "party"], name="one_share_per_party")]

    def __str__(self) -> str:
        return f"{self.case_id} shared with {self.party}"
