"""Users, their role in one agreement, and API tokens."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEDIATOR = "mediator", _("Mediator")
    MONITOR = "monitor", _("Monitor")
    LIAISON = "liaison", _("Liaison officer")
    OBSERVER = "observer", _("Observer")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A person using Truce. Roles are exclusive: one person, one role, one organisation.

    ``organisation`` is the party code of a liaison (PK, AF) or the mediator code of a mediator
    (QA, TR); monitors, observers and admins have none. ``agreement`` binds mediators, monitors and
    liaisons to the ceasefire they serve; observers and admins may be instance-wide (null).
    """

    role = models.CharField(max_length=16, choices=Role.choices)
    organisation = models.CharField(max_length=16, blank=True, default="")
    agreement = models.ForeignKey(
        "agreements.Agreement", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    # The interface language the user last chose (a code of settings.LANGUAGES), or "" for none yet: then
    # the browser's Accept-Language decides. Applied on every page by truce.accounts.middleware
    # .UserLanguageMiddleware, so the choice follows the user to another browser.
    language = models.CharField(max_length=16, blank=True, default="")

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="role_is_known",
                condition=models.Q(role__in=[choice.value for choice in Role]),
            ),
        ]

    def __str__(self) -> str:
        org = f" {self.organisation}" if self.organisation else ""
        return f"{self.username} ({self.role}{org})"


def token_digest(token: str) -> str:
    """Tokens are stored only as their SHA-256: a database leak does not leak usable tokens."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A bearer token. It acts as ``user`` in ``agreement`` only (the user's agreement when issued; null
    for instance-wide observers and admins) and stops at ``expires_at`` or ``revoked_at``, whichever
    comes first (truce.accounts.actions.find_live_token)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="tokens")
    digest = models.CharField(max_length=64, unique=True)
    # The first characters let a user tell tokens apart in a list without revealing them.
    prefix = models.CharField(max_length=12)
    agreement = models.ForeignKey(
        "agreements.Agreement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Kept to the minute at most (truce.accounts.actions.note_token_used) so reads stay cheap.
    last_used_at = models.DateTimeField(null=True, blank=True)
    # Set when this token was rotated: the token that took its place.
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaces"
    )

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user.username})"

    def is_live(self, now: Any) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
