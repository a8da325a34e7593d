"""Bulletin pages: the list of published bulletins one may read (the public ones to anyone, signed in or
not), their files, and the mediators' form that produces and publishes one. Thin: reads go through
truce.bulletins.visibility, the write through truce.bulletins.actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from truce.accounts.roles import is_mediator
from truce.agreements import registry
from truce.bulletins.actions import Request, do_publish_bulletin, stored_path
from truce.bulletins.models import Edition, Format, Period
from truce.bulletins.render import MEDIA_TYPES
from truce.bulletins.visibility import bulletins_visible_to
from truce.errors import ActionError
from truce.idempotency.forms import once_per_token


class BulletinForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=Period.choices)
    edition = forms.ChoiceField(label=gettext_lazy("Edition"), choices=Edition.choices)
    party = forms.ChoiceField(label=gettext_lazy("Party (a party's edition)"), required=False)
    language = forms.ChoiceField(label=gettext_lazy("Language"))
    fmt = forms.ChoiceField(label=gettext_lazy("Format"), choices=Format.choices)
    case = forms.IntegerField(label=gettext_lazy("Case id (a spot bulletin)"), required=False, min_value=1)
    as_of = forms.DateField(
        label=gettext_lazy("Last day of the period (empty: today)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, agreement_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agreement = registry.get(agreement_id)[1]
        party, language = self.fields["party"], self.fields["language"]
        assert isinstance(party, forms.ChoiceField) and isinstance(language, forms.ChoiceField)
        party.choices = [("", "—"), *((p.code, p.name) for p in agreement.parties)]
        language.choices = [(code, code) for code in agreement.languages]


def bulletin_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    rows = bulletins_visible_to(user).select_related("agreement").order_by("-published_at", "-id")[:200]
    may_publish = bool(getattr(user, "agreement_id", None)) and is_mediator(user, user.agreement_id)
    return render(request, "bulletins/bulletin_list.html", {"bulletins": rows, "may_publish": may_publish})


@login_required
@once_per_token
def bulletin_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not (user.agreement_id and is_mediator(user, user.agreement_id)):
        raise Http404("you do not publish bulletins")
    form = BulletinForm(request.POST or None, agreement_id=user.agreement_id)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            bulletin = do_publish_bulletin(
                Request(
                    agreement=user.agreement_id,
                    period=d["period"],
                    edition=d["edition"],
                    party=d["party"] or "",
                    language=d["language"],
                    fmt=d["fmt"],
                    case=d["case"],
                    as_of=d["as_of"],
                ),
                acting_user=user,
            )
        except ActionError as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.words())
        else:
            messages.success(
                request, _("Bulletin %(reference)s published.") % {"reference": bulletin.reference}
            )
            return redirect("bulletin-list")
    return render(request, "bulletins/bulletin_new.html", {"form": form})


def bulletin_file(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    bulletin = bulletins_visible_to(request.user).filter(pk=bulletin_id).first()
    if bulletin is None:
        raise Http404("no such bulletin")
    data = stored_path(bulletin.sha256, bulletin.fmt).read_bytes()
    response = HttpResponse(data, content_type=MEDIA_TYPES[bulletin.fmt])
    response["Content-Disposition"] = f'attachment; filename="{bulletin.filename}"'
    response["X-Truce-Sha256"] = bulletin.sha256
    response["Content-Security-Policy"] = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
    return response
