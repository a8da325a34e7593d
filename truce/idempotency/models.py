"""What a retry needs to answer as the first request did."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from truce.core import clock


class IdempotentRequest(models.Model):
    """One API write made with an ``Idempotency-Key``: written in the write's own transaction, so that
    a committed change always has its key and a key always has its change (truce.idempotency.api).
    It has no "in progress" state: until its transaction commits no other request sees it, and one
    with the same key waits on the unique constraint instead."""

    principal = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=8)
    path = models.TextField()
    # SHA-256 of the content type, a NUL and the body bytes (multipart bodies included).
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(default=0)
    content_type = models.CharField(max_length=255, blank=True)
    location = models.TextField(blank=True)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(default=clock.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["principal", "key", "method", "path"], name="idempotent_key_once")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.key!r}"


class FormSubmission(models.Model):
    """One web form submitted with its one-time token, and the page its first submission led to
    (truce.idempotency.forms)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    redirect_to = models.TextField(blank=True)
    created_at = models.DateTimeField(default=clock.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="form_token_once")]

    def __str__(self) -> str:
        return f"form token {self.token[:8]}… → {self.redirect_to}"
