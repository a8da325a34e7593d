"""Meeting pages. Thin: they read through truce.meetings.visibility and write only through actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from truce.accounts.roles import is_mediator
from truce.agreements import registry
from truce.cases.present import case_summary
from truce.cases.visibility import cases_visible_to
from truce.core import clock
from truce.errors import ActionError, NotFound
from truce.idempotency.forms import once_per_token
from truce.meetings import actions
from truce.meetings.forms import AgendaForm, CancelForm, CloseForm, DecisionForm, MeetingForm, form_field
from truce.meetings.models import Meeting, MeetingStatus
from truce.meetings.present import meeting_detail_dict, meeting_dict
from truce.meetings.visibility import meetings_visible_to
from truce.reports.access_log import log_shown
from truce.reports.present import report_dict
from truce.reports.visibility import reports_visible_to


def _add_problems(form: forms.Form, exc: ActionError) -> None:
    if not exc.problems:
        form.add_error(None, exc.words())
    for problem in exc.problems:
        name = form_field(problem.field)
        if name in form.fields:
            form.add_error(name, problem.words())
        else:
            form.add_error(None, f"{problem.field}: {problem.words()}")


def _visible(request: HttpRequest, meeting_id: int) -> Meeting:
    try:
        return actions.get_visible_meeting(meeting_id, request.user)
    except NotFound as exc:
        raise Http404("no such meeting") from exc


def _managed(request: HttpRequest, meeting_id: int) -> Meeting:
    """The meeting for a mediator's form: 404 to those who may not see it, 403 to those who may see
    but not manage it (the actions check again; this answers before a form is even read)."""
    meeting = _visible(request, meeting_id)
    if not is_mediator(request.user, meeting.agreement_id):
        raise PermissionDenied("only the agreement's mediators manage its meetings")
    return meeting


def _tz_name(agreement_id: str) -> str:
    return registry.get(agreement_id)[1].timezone


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    rows = meetings_visible_to(user).select_related("agreement")[:200]
    context = {
        "meetings": [meeting_dict(m) for m in rows],
        "may_manage": bool(user.agreement_id) and is_mediator(user, user.agreement_id),
    }
    return render(request, "truce/meetings/meeting_list.html", context)


@login_required
@once_per_token
def meeting_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not (user.agreement_id and is_mediator(user, user.agreement_id)):
        raise Http404("you do not schedule meetings")
    tz_name = _tz_name(user.agreement_id)
    form = MeetingForm(request.POST or None, timezone_name=tz_name)
    with timezone.override(tz_name):
        valid = request.method == "POST" and form.is_valid()
    if valid:
        d = form.cleaned_data
        try:
            meeting = actions.do_schedule_meeting(
                agreement_id=user.agreement_id,
                kind=d["kind"],
                scheduled_for=d["scheduled_for"],
                place=d["place"],
                title=d.get("title") or "",
                acting_user=user,
            )
        except ActionError as exc:
            _add_problems(form, exc)
        else:
            if meeting.scheduled_for < clock.now():
                # Entering a meeting after the fact is allowed (its decisions must be minuted), but a past
                # date typed by mistake must not pass unnoticed.
                messages.warning(
                    request,
                    _(
                        "Meeting %(reference)s entered for a date already past (%(when)s). If it was held, "
                        "close it with its attendance and decisions; if the date is a mistake, cancel it and "
                        "schedule it again."
                    )
                    % {"reference": meeting.reference, "when": f"{d['scheduled_for']:%Y-%m-%d %H:%M}"},
                )
            else:
                messages.success(
                    request, _("Meeting %(reference)s scheduled.") % {"reference": meeting.reference}
                )
            return redirect("meeting-detail", meeting_id=meeting.pk)
    return render(request, "truce/meetings/meeting_new.html", {"form": form, "timezone": tz_name})


def _forms(
    request: HttpRequest, meeting: Meeting, data: dict[str, Any], **bound: forms.Form
) -> dict[str, Any]:
    """The mediators' forms for this meeting (those its status allows), bound ones kept as given."""
    if not is_mediator(request.user, meeting.agreement_id):
        return {}
    out: dict[str, Any] = {}
    tz_name = _tz_name(meeting.agreement_id)
    if meeting.status == MeetingStatus.SCHEDULED:
        on_agenda = {item["case"]["id"] for item in data["agenda"]}
        addable = [
            (c.pk, f"{c.reference} — {c.title}")
            for c in cases_visible_to(request.user).filter(agreement_id=meeting.agreement_id)
            if c.pk not in on_agenda
        ]
        out["agenda_form"] = bound.get("agenda_form") or (AgendaForm(cases=addable) if addable else None)
        out["close_form"] = bound.get("close_form") or CloseForm()
        out["cancel_form"] = bound.get("cancel_form") or CancelForm()
        out["timezone"] = tz_name
    begun = meeting.scheduled_for <= clock.now()
    if meeting.status != MeetingStatus.CANCELLED and begun and data["agenda"]:
        agenda_cases = [
            (i["case"]["id"], f"{i['position']}. {i['case']['reference']}") for i in data["agenda"]
        ]
        current = [
            (d["id"], f"{d['id']} ({d['case']['reference']}): {d['text'][:60]}")
            for i in data["agenda"]
            for d in i["decisions"]
            if d["current"]
        ]
        out["decision_form"] = bound.get("decision_form") or DecisionForm(
            cases=agenda_cases, decisions=current
        )
    return out


def _detail(
    request: HttpRequest, meeting: Meeting, *, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    data = meeting_detail_dict(meeting, request.user)
    context = {"meeting": data, **_forms(request, meeting, data, **bound)}
    return render(request, "truce/meetings/meeting_detail.html", context, status=status)


@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _detail(request, _visible(request, meeting_id))


def _choices(meeting: Meeting, user: Any) -> dict[str, Any]:
    data = meeting_detail_dict(meeting, user)
    cases = [(i["case"]["id"], i["case"]["reference"]) for i in data["agenda"]]
    decisions = [(d["id"], str(d["id"])) for i in data["agenda"] for d in i["decisions"]]
    return {"cases": cases, "decisions": decisions}


@login_required
@require_POST
@once_per_token
def agenda_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _managed(request, meeting_id)
    cases = [
        (c.pk, c.reference) for c in cases_visible_to(request.user).filter(agreement_id=meeting.agreement_id)
    ]
    form = AgendaForm(request.POST, cases=cases)
    if form.is_valid():
        try:
            item = actions.do_add_case_to_agenda(
                meeting.pk, case_id=form.cleaned_data["case"], acting_user=request.user
            )
        except ActionError as exc:
            _add_problems(form, exc)
        else:
            messages.success(
                request, _("Case %(reference)s added to the agenda.") % {"reference": item.case.reference}
            )
            return redirect("meeting-detail", meeting_id=meeting.pk)
    return _detail(request, meeting, status=400, agenda_form=form)


@login_required
@require_POST
@once_per_token
def decision_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _managed(request, meeting_id)
    form = DecisionForm(request.POST, **_choices(meeting, request.user))
    if form.is_valid():
        d = form.cleaned_data
        try:
            decision = actions.do_record_decision(
                meeting.pk,
                case_id=d["case"],
                text=d["text"],
                supersedes_id=d.get("supersedes"),
                acting_user=request.user,
            )
        except ActionError as exc:
            _add_problems(form, exc)
        else:
            messages.success(request, _("Decision %(number)s recorded.") % {"number": decision.pk})
            return redirect("meeting-detail", meeting_id=meeting.pk)
    return _detail(request, meeting, status=400, decision_form=form)


@login_required
@require_POST
@once_per_token
def meeting_close(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _managed(request, meeting_id)
    form = CloseForm(request.POST)
    with timezone.override(_tz_name(meeting.agreement_id)):
        valid = form.is_valid()
    if valid:
        d = form.cleaned_data
        try:
            actions.do_close_meeting(
                meeting.pk,
                attendance=form.delegations(),
                next_meeting_at=d.get("next_meeting_at"),
                schedule_next=bool(d.get("schedule_next")),
                next_place=d.get("next_place") or "",
                next_kind=d.get("next_kind") or "",
                acting_user=request.user,
            )
        except ActionError as exc:
            _add_problems(form, exc)
        else:
            messages.success(
                request, _("Meeting %(reference)s marked held.") % {"reference": meeting.reference}
            )
            return redirect("meeting-detail", meeting_id=meeting.pk)
    return _detail(request, meeting, status=400, close_form=form)


@login_required
@require_POST
@once_per_token
def meeting_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _managed(request, meeting_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            actions.do_cancel_meeting(
                meeting.pk, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except ActionError as exc:
            _add_problems(form, exc)
        else:
            messages.success(
                request, _("Meeting %(reference)s cancelled.") % {"reference": meeting.reference}
            )
            return redirect("meeting-detail", meeting_id=meeting.pk)
    return _detail(request, meeting, status=400, cancel_form=form)


@login_required
def meeting_dossier(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Every agenda case the viewer may see, with the reports, incident facts and evidence they may see
    in it (protected sources withheld as on the report pages), for printing before the meeting."""
    user: Any = request.user
    meeting = _visible(request, meeting_id)
    data = meeting_detail_dict(meeting, user)
    ids = [item["case"]["id"] for item in data["agenda"]]
    reports: dict[int, list[dict[str, Any]]] = {case_id: [] for case_id in ids}
    seen: dict[int, list[Any]] = {case_id: [] for case_id in ids}
    rows = reports_visible_to(user).filter(case_id__in=ids).select_related("case", "filed_by", "agreement")
    for report in rows.order_by("created_at", "id"):
        seen[report.case_id].append(report)  # type: ignore[index]
        reports[report.case_id].append(report_dict(report, user))  # type: ignore[index]
    cases = {c.pk: c for c in cases_visible_to(user).filter(pk__in=ids)}
    entries = [
        {
            "item": item,
            "case": case_summary(cases[item["case"]["id"]], user, visible_reports=seen[item["case"]["id"]]),
            "reports": reports[item["case"]["id"]],
        }
        for item in data["agenda"]
    ]
    log_shown(user, reports, via="page")
    context = {"meeting": data, "entries": entries, "prepared_at": clock.now()}
    return render(request, "truce/meetings/dossier.html", context)
