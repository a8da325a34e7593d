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


class Checkpoint(models.Model):
    """A signed head of the record's Merkle tree (C2SP tlog-checkpoint), with the cosignatures collected
    so far merged into ``note``. Inserted by truce.record.checkpoints.sign_checkpoint_now; only ``note``
    grows afterwards (truce.record.witnesses adds cosignature lines), the signed text never changes."""

    size = models.BigIntegerField(primary_key=True)
    root = models.CharField(max_length=44, help_text="base64 of the 32-byte root hash")
    note = models.TextField(help_text="the signed note: checkpoint text, the log's signature, cosignatures")
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["size"]

    def __str__(self) -> str:
        return f"checkpoint {self.size}"


class Cosignature(models.Model):
    """One witness's cosignature line on one checkpoint. ``witness`` is the witness key's name."""

    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.PROTECT, related_name="cosignatures")
    witness = models.CharField(max_length=200)
    line = models.TextField(help_text="the note signature line, '— <name> <base64>'")
    timestamp = models.BigIntegerField(help_text="Unix seconds the witness put in its cosignature")
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["checkpoint_id", "witness"]
        constraints = [
            models.UniqueConstraint(fields=["checkpoint", "witness"], name="one_cosignature_per_witness")
        ]

    def __str__(self) -> str:
        return f"{self.witness} cosigned {self.checkpoint_id}"


class WitnessContact(models.Model):
    """What the log last heard from a witness: the size it says it cosigned last (the ``old`` of the next
    add-checkpoint request) and the last failure, shown on the record page."""

    name = models.CharField(max_length=200, primary_key=True)
    size = models.BigIntegerField(default=0)
    error = models.TextField(blank=True, default="")
    contacted_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"witness {self.name} at {self.size}"
