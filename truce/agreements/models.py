"""Agreements loaded into this instance. The TOML source is the truth; the parsed form is derived."""

from __future__ import annotations

from django.db import models


class Agreement(models.Model):
    """One ceasefire agreement, stored as the exact text it was loaded from.

    ``zones`` maps each geometry path named in the file to the GeoJSON text read at load time, so the
    instance never depends on files outside the database after ``truce init``.
    """

    id = models.CharField(primary_key=True, max_length=64)
    title = models.CharField(max_length=300)
    source = models.TextField()
    zones = models.JSONField(default=dict)
    digest = models.CharField(max_length=64, help_text="SHA-256 of source, hex")
    loaded_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.id
