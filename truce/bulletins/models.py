"""Published bulletins: the file as published (content-addressed under ``$TRUCE_HOME/bulletins/``), what it
covers and who may read it. Rows are written only by truce.bulletins.actions.do_publish_bulletin, and never
changed: a corrected bulletin is a new one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Period(models.TextChoices):
    DAY = "day", _("Daily")
    WEEK = "week", _("Weekly")
    SPOT = "spot", _("Spot")


class Edition(models.TextChoices):
    PUBLIC = "public", _("Public")
    PARTY = "party", _("Party")
    CONFIDENTIAL = "confidential", _("Confidential")


class Format(models.TextChoices):
    PDF = "pdf", "PDF"
    HTML = "html", "HTML"


class Bulletin(models.Model):
    """``party``: the party whose edition it is (edition ``party`` only). ``start``/``end``: the local days
    covered (a spot bulletin: none, it is about ``case``). ``checkpoint_size``/``checkpoint_root``: the signed
    checkpoint it was produced from (None when none was signed); ``record_index``: its BulletinPublished
    entry."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="bulletins")
    number = models.PositiveIntegerField()
    reference = models.CharField(max_length=80, unique=True)
    period = models.CharField(max_length=8, choices=Period.choices)
    edition = models.CharField(max_length=16, choices=Edition.choices)
    party = models.CharField(max_length=16, blank=True, default="")
    language = models.CharField(max_length=8)
    fmt = models.CharField(max_length=8, choices=Format.choices)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    as_of = models.DateField()
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    checkpoint_size = models.BigIntegerField(null=True, blank=True)
    checkpoint_root = models.CharField(max_length=64, blank=True, default="")
    record_size = models.BigIntegerField()
    record_index = models.BigIntegerField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="bulletin_number_per_agreement")
        ]
        indexes = [models.Index(fields=["edition", "published_at"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def filename(self) -> str:
        slug = self.reference.replace("/", "-")
        edition = f"{self.edition}-{self.party}" if self.party else self.edition
        return f"{slug}-{self.period}-{edition}-{self.language}.{self.fmt}"
