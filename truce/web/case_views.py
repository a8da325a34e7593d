"""The case page's workflow forms. Each posts to one verb; the verb calls one action; the result comes
back as a message on the case page (errors name the field, as the API does)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from truce.accounts.models import Role, User
from truce.accounts.roles import is_mediator, liaison_party
from truce.agreements import registry
from truce.apitypes import moment_problem
from truce.cases.actions import investigation, replies, workflow
from truce.cases.actions.replies import reply_window_open
from truce.cases.models import Case
from truce.cases.present import full_case
from truce.cases.visibility import cases_visible_to, sees_investigation
from truce.core.taxonomy import ACTOR_TYPES
from truce.errors import ActionError, FieldProblem, NotFound
from truce.idempotency.forms import once_per_token, refused
from truce.penalties.actions import do_confirm_penalty, do_decline_penalty
from truce.penalties.api import may_see_ledger
from truce.penalties.ledger import ledger
from truce.rulings.actions import case_evidence, do_draft_ruling, do_sign_ruling
from truce.rulings.models import Confidence, Outcome
from truce.web.forms import EvidenceForm


def _moment(value: str, field: str) -> dt.datetime:
    moment = parse_datetime(value or "")
    if moment is None:
        raise ActionError(f"{field}: give a date and time, e.g. 2025-10-27T10:30+05:00", field=field)
    if moment.tzinfo is None:
        raise ActionError(f"{field}: add the time zone, e.g. +05:00", field=field)
    problem = moment_problem(moment)
    if problem:
        raise ActionError(f"{field}: {problem}", field=field)
    return moment


def _id(value: str, field: str) -> int:
    """An id from a form field (a select or hidden input), refused as the field's error when it is not
    one: a tampered form must not reach the database as a server error."""
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise ActionError(f"{field}: {value!r} is not one of the choices; reload the page", field=field)
    return int(value)


def _coordinate(value: str, field: str) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError as exc:
        raise ActionError(f"{field}: {value!r} is not a number", field=field) from exc


def _evidence_form(request: HttpRequest) -> tuple[Any, Any]:
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        problems = [
            FieldProblem(name, " ".join(str(e) for e in errors)) for name, errors in form.errors.items()
        ]
        raise ActionError(f"{problems[0].field}: {problems[0].message}", problems=problems)
    upload = form.cleaned_data.get("file")
    return form.evidence(), (upload.file if upload else None)


def _case_evidence(request: HttpRequest, case_id: int) -> str:
    item, upload = _evidence_form(request)
    investigation.do_add_case_evidence(case_id, evidence=item, upload=upload, acting_user=request.user)
    return "Evidence added to the case."


def _reply_evidence(request: HttpRequest, case_id: int) -> str:
    item, upload = _evidence_form(request)
    replies.do_add_reply_evidence(
        case_id,
        _id(request.POST.get("reply", ""), "reply"),
        evidence=item,
        upload=upload,
        acting_user=request.user,
    )
    return "Counter-evidence added to your reply."


def _ruling(request: HttpRequest, case_id: int) -> str:
    p = request.POST
    ruling = do_draft_ruling(
        case_id,
        outcome=p.get("outcome", ""),
        confidence=p.get("confidence", ""),
        reasons=p.get("reasons", ""),
        commitment=p.get("commitment", ""),
        responsible_party=p.get("responsible_party", ""),
        perpetrator=p.get("perpetrator", ""),
        perpetrator_type=p.get("perpetrator_type", ""),
        evidence=[_id(e, "evidence") for e in p.getlist("evidence")],
        acting_user=request.user,
    )
    return f"Ruling R{ruling.number} drafted; it takes effect when the quorum has signed."


def _sign(request: HttpRequest, case_id: int) -> str:
    ruling = do_sign_ruling(_id(request.POST.get("ruling", ""), "ruling"), acting_user=request.user)
    return f"Signed. Ruling R{ruling.number} is {ruling.get_status_display().lower()}."


def _form(r: HttpRequest, name: str) -> str:
    return r.POST.get(name, "")


def _visit(r: HttpRequest, c: int) -> object:
    return investigation.do_log_site_visit(
        c,
        visited_at=_moment(_form(r, "visited_at"), "visited_at"),
        place=_form(r, "place"),
        findings=_form(r, "findings"),
        lat=_coordinate(_form(r, "lat"), "lat"),
        lon=_coordinate(_form(r, "lon"), "lon"),
        acting_user=r.user,
    )


def _denial(r: HttpRequest, c: int) -> object:
    return investigation.do_record_access_denial(
        c,
        denied_by_party=_form(r, "denied_by_party"),
        denied_at=_moment(_form(r, "denied_at"), "denied_at"),
        place=_form(r, "place"),
        denied_by=_form(r, "denied_by"),
        description=_form(r, "description"),
        acting_user=r.user,
    )


# verb -> (what it does, what the page says after it; None: the handler returns the message itself)
Handler = Callable[[HttpRequest, int], object]
VERBS: dict[str, tuple[Handler, str | None]] = {
    "admit": (lambda r, c: workflow.do_admit_case(c, acting_user=r.user), "Declared admissible."),
    "inadmissible": (
        lambda r, c: workflow.do_declare_inadmissible(c, reason=_form(r, "reason"), acting_user=r.user),
        "Declared inadmissible.",
    ),
    "investigate": (
        lambda r, c: investigation.do_start_investigation(c, acting_user=r.user),
        "Investigation started.",
    ),
    "assign": (
        lambda r, c: investigation.do_assign_monitor(c, monitor=_form(r, "monitor"), acting_user=r.user),
        "Monitor assigned.",
    ),
    "visit": (_visit, "Site visit logged."),
    "denial": (_denial, "Access denial recorded."),
    "evidence": (_case_evidence, None),
    "share": (
        lambda r, c: replies.do_share_case(c, party=_form(r, "party"), acting_user=r.user),
        "Case shared with the accused party; it may now be asked to reply.",
    ),
    "request-reply": (
        lambda r, c: replies.do_request_reply(c, acting_user=r.user),
        "Reply requested; the party is notified.",
    ),
    "reply": (
        lambda r, c: replies.do_submit_reply(c, text=_form(r, "text"), acting_user=r.user),
        "Reply submitted.",
    ),
    "reply-evidence": (_reply_evidence, None),
    "ruling": (_ruling, None),
    "sign": (_sign, None),
    "publish": (lambda r, c: workflow.do_publish_case(c, acting_user=r.user), "Published."),
    "reopen": (
        lambda r, c: workflow.do_reopen_case(c, reason=_form(r, "reason"), acting_user=r.user),
        "Reopened.",
    ),
    "join": (
        lambda r, c: workflow.do_join_cases(c, into=_id(_form(r, "into"), "into"), acting_user=r.user),
        "Joined into the other case.",
    ),
    "split": (
        lambda r, c: workflow.do_split_case(
            c, reports=[_id(x, "reports") for x in r.POST.getlist("reports")], acting_user=r.user
        ),
        "Reports moved to a new case.",
    ),
}


@login_required
@require_POST
@once_per_token
def case_act(request: HttpRequest, case_id: int, verb: str) -> HttpResponse:
    entry = VERBS.get(verb)
    if entry is None or not cases_visible_to(request.user).filter(pk=case_id).exists():
        raise Http404("no such case")
    handler, done = entry
    target = case_id
    try:
        result = handler(request, case_id)
        message = done if done is not None else str(result)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ActionError as exc:
        details = "; ".join(f"{p.field}: {p.message}" for p in exc.problems) or exc.message
        messages.error(request, details)
        refused(request)
    else:
        messages.success(request, message)
        case = Case.objects.get(pk=case_id)
        if case.joined_into_id:
            target = case.joined_into_id
    return redirect("case-detail", case_id=target)


def case_page_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    """What the case page shows and which forms it offers this user."""
    from truce.agreements import registry

    user: Any = request.user
    data = full_case(case, user)
    agreement = registry.parsed(case.agreement)
    mediator = is_mediator(user, case.agreement_id)
    assigned = user.role == Role.MONITOR and case.assignments.filter(monitor=user).exists()
    party = liaison_party(user, case.agreement_id)
    my_reply = next((r for r in data["replies"] if r["party"] == party), None)
    context: dict[str, Any] = {
        "case": data,
        "reports": data["reports"],
        "mediator": mediator,
        "assigned": assigned
        and case.status in ("admissible", "under_investigation", "awaiting_reply", "ruling_drafted"),
        "may_reply": party is not None
        and party == case.accused_party
        and reply_window_open(case)
        and my_reply is None,
        "my_reply": my_reply if (my_reply and reply_window_open(case)) else None,
        "sees_investigation": sees_investigation(user, case),
        "evidence_form": EvidenceForm(),
        "parties": agreement.parties,
        "commitments": agreement.commitments,
        "outcomes": Outcome.choices,
        "confidences": Confidence.choices,
        "actor_types": ACTOR_TYPES,
        "timezone": agreement.timezone,
        # Officers read deadlines on the agreement's clock, which is also how the window is counted.
        "reply_due_local": case.reply_due_at.astimezone(agreement.tz).strftime("%Y-%m-%d %H:%M")
        if case.reply_due_at
        else "",
    }
    if mediator:
        context["monitors"] = User.objects.filter(
            agreement_id=case.agreement_id, role=Role.MONITOR, is_active=True
        )
        context["open_cases"] = Case.objects.filter(
            agreement_id=case.agreement_id,
            status__in=["received", "admissible", "under_investigation", "awaiting_reply", "ruling_drafted"],
        ).exclude(pk=case.pk)
        context["unseen_by_accused"] = replies.unseen_by_accused(case)
        context["case_evidence_choices"] = list(case_evidence(case).values_list("id", "original_name", "url"))
        context["unsigned"] = [
            r
            for r in data["rulings"]
            if r["status"] == "draft" and user.username not in [s["officer"] for s in r["signatures"]]
        ]
    return context


@login_required
def ledger_page(request: HttpRequest, agreement_id: str, party: str) -> HttpResponse:
    if not may_see_ledger(request.user, agreement_id, party):
        raise Http404("no such ledger")
    try:
        data = ledger(agreement_id, party)
    except Exception as exc:  # an unknown party or agreement reads as "no such ledger"
        raise Http404("no such ledger") from exc
    return render(
        request, "truce/ledger.html", {"ledger": data, "mediator": is_mediator(request.user, agreement_id)}
    )


@login_required
@require_POST
@once_per_token
def penalty_decide(
    request: HttpRequest, agreement_id: str, party: str, penalty_id: int, decision: str
) -> HttpResponse:
    action = {"confirm": do_confirm_penalty, "decline": do_decline_penalty}.get(decision)
    if action is None:
        raise Http404("no such decision")
    try:
        penalty = action(penalty_id, reason=request.POST.get("reason", ""), acting_user=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ActionError as exc:
        messages.error(request, exc.message)
        refused(request)
    else:
        if decision == "confirm" and penalty.status == "proposed":
            quorum = registry.get(penalty.agreement_id)[1].procedure.ruling_quorum.describe()
            messages.success(
                request, f"Your confirmation of penalty {penalty.reference} is recorded; it awaits {quorum}."
            )
        else:
            messages.success(request, f"Penalty {penalty.reference} {penalty.status}.")
    return redirect("ledger", agreement_id=agreement_id, party=party)


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    from truce.notifications.models import Notification

    user: Any = request.user
    from truce.notifications.present import done_ids

    rows = list(Notification.objects.filter(user=user).select_related("case")[:200])
    done = done_ids(rows, user)
    return render(request, "truce/inbox.html", {"notifications": [(n, n.pk in done) for n in rows]})
