"""Idempotent writes: an API write retried with its ``Idempotency-Key`` answers as the first did and
changes nothing more (``api.py``); a web form submitted twice with its one-time token shows what the
first submission made (``forms.py``). Both keep their row in the same transaction as the write."""
