"""Lead pages for the agreement's mediators and monitors: the list, one lead with its sources and
figures side by side, and the accept and dismiss forms. Thin: reads through truce.sources.visibility,
writes only through truce.sources.actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from truce.agreements import registry
from truce.cases.present import case_summaries
from truce.cases.visibility import cases_visible_to
from truce.errors import ActionError, NotFound
from truce.idempotency.forms import once_per_token
from truce.sources import actions
from truce.sources.models import Lead, LeadStatus
from truce.sources.present import lead_detail_dict, lead_dict
from truce.sources.visibility import leads_visible_to, may_triage

# Where an action's problem (its field path) shows on these forms.
_FIELDS = {
    "case": "case",
    "date": "date",
    "incident.date": "date",
    "title": "title",
    "incident.title": "title",
    "incident.commitments": "commitments",
    "incident.accused_party": "accused_party",
    "reason": "reason",
}


class AcceptForm(forms.Form):
    title = forms.CharField(
        label=_l("Title"),
        max_length=200,
        required=False,
        help_text=_l("Default: the incident type and place"),
    )
    date = forms.DateField(
        label=_l("Date"), required=False, help_text=_l("Only when the sources give no date (YYYY-MM-DD)")
    )
    case = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label=_l("Join case"))
    commitments = forms.MultipleChoiceField(
        label=_l("Commitments"), required=False, widget=forms.CheckboxSelectMultiple
    )
    accused_party = forms.ChoiceField(required=False, label=_l("Accused party (only if the sources say)"))

    def __init__(self, *args: Any, cases: list[tuple[int, str]], agreement: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["case"].choices = [("", _l("The same incident if open, else a new case")), *cases]  # type: ignore[attr-defined]
        language = get_language() or "en"
        titles = [(c.id, f"{c.id}: {c.title_in(language)}") for c in agreement.commitments]
        self.fields["commitments"].choices = titles  # type: ignore[attr-defined]
        self.fields["accused_party"].choices = [("", "—"), *((p.code, p.name) for p in agreement.parties)]  # type: ignore[attr-defined]


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_l("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=actions.MAX_REASON
    )


def _add_problems(form: forms.Form, exc: ActionError) -> None:
    for problem in exc.problems or []:
        name = _FIELDS.get(problem.field, "")
        form.add_error(
            name if name in form.fields else None,
            # The lead itself is no field of the form: its problem reads as a sentence alone.
            problem.words()
            if name in form.fields or problem.field == "lead"
            else f"{problem.field}: {problem.words()}",
        )
    if not exc.problems:
        form.add_error(None, exc.words())


def _visible(request: HttpRequest, lead_id: int) -> Lead:
    try:
        return actions.get_visible_lead(lead_id, request.user)
    except NotFound as exc:
        raise Http404("no such lead") from exc


@login_required
def lead_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not (user.agreement_id and may_triage(user, user.agreement_id)):
        raise Http404("leads are for the agreement's mediators and monitors")
    status = request.GET.get("status", LeadStatus.OPEN)
    rows = leads_visible_to(user)
    if status in LeadStatus.values:
        rows = rows.filter(status=status)
    context = {
        "leads": [lead_dict(lead) for lead in rows[:200]],
        "status": status,
        "statuses": LeadStatus.choices,
    }
    return render(request, "truce/sources/lead_list.html", context)


def _forms(request: HttpRequest, lead: Lead, **bound: forms.Form) -> dict[str, Any]:
    if lead.status != LeadStatus.OPEN:
        return {}
    agreement = registry.get(lead.agreement_id)[1]
    # Titles as this user may read them: a monitor never reads a party's complaint through its case.
    cases = [
        (c["id"], f"{c['reference']} — {c['title']}")
        for c in case_summaries(
            request.user, cases_visible_to(request.user).filter(agreement_id=lead.agreement_id)[:200]
        )
    ]
    return {
        "accept_form": bound.get("accept_form") or AcceptForm(cases=cases, agreement=agreement),
        "dismiss_form": bound.get("dismiss_form") or DismissForm(),
    }


def _detail(request: HttpRequest, lead: Lead, *, status: int = 200, **bound: forms.Form) -> HttpResponse:
    context = {"lead": lead_detail_dict(lead), **_forms(request, lead, **bound)}
    if lead.status != LeadStatus.OPEN and bound:
        # Triaged meanwhile (by another mediator): the forms are gone, the refusal and the reason typed
        # must not be.
        form = next(iter(bound.values()))
        context["refusal"] = [str(e) for errors in form.errors.values() for e in errors]
        context["typed_reason"] = form.data.get("reason", "")
    return render(request, "truce/sources/lead_detail.html", context, status=status)


@login_required
def lead_detail(request: HttpRequest, lead_id: int) -> HttpResponse:
    return _detail(request, _visible(request, lead_id))


@login_required
@require_POST
@once_per_token
def lead_accept(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = _visible(request, lead_id)
    agreement = registry.get(lead.agreement_id)[1]
    cases = [
        (c.pk, c.reference) for c in cases_visible_to(request.user).filter(agreement_id=lead.agreement_id)
    ]
    form = AcceptForm(request.POST, cases=cases, agreement=agreement)
    if form.is_valid():
        d = form.cleaned_data
        try:
            lead = actions.do_accept_lead(
                lead.pk,
                case_id=d.get("case"),
                title=d.get("title") or "",
                date=d.get("date"),
                commitments=list(d.get("commitments") or []),
                accused_party=d.get("accused_party") or "",
                acting_user=request.user,
            )
        except ActionError as exc:
            if exc.status == 403:
                raise Http404("no such lead") from exc
            _add_problems(form, exc)
        else:
            messages.success(
                request,
                _("Lead %(number)s accepted into case %(reference)s.")
                % {"number": lead.pk, "reference": lead.case.reference},  # type: ignore[union-attr]
            )
            return redirect("lead-detail", lead_id=lead.pk)
    return _detail(request, lead, status=400, accept_form=form)


@login_required
@require_POST
@once_per_token
def lead_dismiss(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = _visible(request, lead_id)
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            actions.do_dismiss_lead(lead.pk, reason=form.cleaned_data["reason"], acting_user=request.user)
        except ActionError as exc:
            _add_problems(form, exc)
        else:
            messages.success(request, _("Lead %(number)s dismissed.") % {"number": lead.pk})
            return redirect("lead-detail", lead_id=lead.pk)
    return _detail(request, lead, status=400, dismiss_form=form)
