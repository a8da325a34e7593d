"""The record as stored: one row per entry, the exact leaf bytes, and the openings kept apart.

Rows here are only ever inserted (truce.record.store.append); nothing updates or deletes them.
"""

from __future__ import annotations

from django.db import models


class Entry(models.Model):
    """One record entry. ``leaf`` holds the canonical JSON exactly as hashed (truce.core.record.entry)."""

    index = models.BigIntegerField(primary_key=True)
    prev = models.CharField(max_length=64)
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of leaf, hex")
    time = models.DateTimeField()
    type = models.CharField(max_length=64, db_index=True)
    agreement = models.CharField(max_length=64, blank=True, default="", db_index=True)
    subject = models.CharField(max_length=128, db_index=True)
    leaf = models.TextField()

    class Meta:
        ordering = ["index"]
        verbose_name_plural = "entries"

    def __str__(self) -> str:
        return f"#{self.index} {self.type} {self.subject}"


class Opening(models.Model):
    """The salt and value behind one sealed field of an entry; shown only to those entitled to it."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="openings")
    name = models.CharField(max_length=64)
    salt = models.CharField(max_length=64)
    value = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "name"], name="one_opening_per_field")]

    def __str__(self) -> str:
        return f"opening of {self.name} in #{self.entry_id}"


class Head(models.Model):
    """The single row naming the record's size and last digest; appends lock it to stay sequential."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    size = models.BigIntegerField(default=0)
    digest = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        constraints = [models.CheckConstraint(name="single_head", condition=models.Q(id=1))]

    def __str__(self) -> str:
        return f"record head: size {self.size}"
