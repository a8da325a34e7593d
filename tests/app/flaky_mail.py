"""E-mail backends for the background-task tests: one that refuses the first message it is given, as a
mail server that is briefly down would, and one that refuses every message. Both keep what they accept in
django.core.mail.outbox, as Django's test backend does."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from typing import Any, ClassVar

from django.core.mail.backends.locmem import EmailBackend


class RefusesFirstBackend(EmailBackend):
    refused: ClassVar[int] = 0

    def send_messages(self, messages: Sequence[Any]) -> int:
        if RefusesFirstBackend.refused == 0:
            RefusesFirstBackend.refused += 1
            raise smtplib.SMTPServerDisconnected("the mail server went away")
        return super().send_messages(messages)


class RefusesAllBackend(EmailBackend):
    def send_messages(self, messages: Sequence[Any]) -> int:
        raise smtplib.SMTPServerDisconnected("the mail server went away")
