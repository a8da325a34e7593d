"""E-mail of a notice, as a background task: enqueued by truce.notifications.send.notify in the action's
own transaction (a rolled-back action sends nothing; a committed one loses no mail when the process dies
right after), sent by ``truce worker``, and tried again with backoff when the mail server refuses or does
not answer (truce.background.retry)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from truce.background.retry import retried_task

# 1 + 2 + 4 + 8 + 16 + 32 minutes with the default TRUCE_TASK_RETRY_SECONDS: a mail server down for an
# hour loses nothing.
MAIL_ATTEMPTS = 7


@retried_task(max_attempts=MAIL_ATTEMPTS)
def send_email(recipients: list[str], title: str, body: str) -> list[str]:
    send_mail(f"[Truce] {title}", body or title, settings.DEFAULT_FROM_EMAIL, recipients)
    return [f"e-mail sent to {len(recipients)} recipient(s): {title}"]
