"""The calendar switch in every page's header: Gregorian or Solar Hijri, remembered in the session (the
viewer's language decides until they choose). No JavaScript: a small form that posts here and returns to
the page it came from."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from truce.web.middleware import CALENDAR_SESSION_KEY
from truce.web.templatetags.truce_format import CALENDARS


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


@require_POST
def calendar_choose(request: HttpRequest) -> HttpResponse:
    chosen = request.POST.get("calendar", "")
    if chosen not in CALENDARS:
        messages.error(
            request,
            _("Unknown calendar %(chosen)r: choose one of %(known)s.")
            % {"chosen": chosen, "known": ", ".join(CALENDARS)},
        )
        return HttpResponseRedirect(_back(request))
    request.session[CALENDAR_SESSION_KEY] = chosen
    return HttpResponseRedirect(_back(request))
