"""One-time form tokens: a web form posted twice (a double click, a reload, a retry on a bad line)
makes one thing, and the second post shows what the first made.

Each write form carries a hidden ``form_token`` (``{% include "truce/_once.html" %}``: a fresh random
value each time the page renders). A view decorated with :func:`once_per_token` runs in one transaction
that first inserts the token's :class:`FormSubmission` row (unique per user and token), so the row and
the view's writes commit or roll back together. A redirect is the view's success and is kept as the
token's result; any other answer, or a view that called :func:`refused`, rolls the row back and the form
can be sent again. A second post of a used token (or one arriving while the first runs: it waits for the
first's commit) is sent to that result instead of running again. A post without a token runs as before.
``static/truce/once.js`` disables the submit button after the first submit; the token is the guarantee.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from truce.idempotency.models import FormSubmission

FIELD = "form_token"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def refused(request: HttpRequest) -> None:
    """Say that the view refused the submission although it redirects (its message says why): the
    token is not used, and the corrected form may be sent with it."""
    request._truce_form_refused = True  # type: ignore[attr-defined]


def _already(request: HttpRequest, row: FormSubmission) -> HttpResponse:
    messages.info(request, _("This form was already sent; this is what it did."))
    return HttpResponseRedirect(row.redirect_to or request.path)


def once_per_token(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        user = request.user
        if not (token and _TOKEN.fullmatch(token) and user.is_authenticated):
            return view(request, *args, **kwargs)
        found = FormSubmission.objects.filter(user=user, token=token).first()
        if found is not None:
            return _already(request, found)
        try:
            with transaction.atomic():
                row = FormSubmission.objects.create(user=user, token=token)
                response = view(request, *args, **kwargs)
                if response.status_code not in _REDIRECTS or getattr(request, "_truce_form_refused", False):
                    transaction.set_rollback(True)
                    return response
                row.redirect_to = response["Location"]
                row.save(update_fields=["redirect_to"])
                return response
        except IntegrityError:
            found = FormSubmission.objects.filter(user=user, token=token).first()
            if found is None:
                raise
            return _already(request, found)

    return wrapped
