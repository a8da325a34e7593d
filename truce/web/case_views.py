"""The case page's workflow forms. Each posts to one verb; the verb calls one action; the result comes
back as a message on the case page (errors name the field, as the API does)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from truce.accounts.models import Role, User
from truce.accounts.roles import is_mediator, liaison_party
from truce.agreements import registry
from truce.apitypes import moment_problem
from truce.cases.actions import investigation, replies, workflow
from truce.cases.actions.replies import reply_window_open
from truce.cases.models import Case
from truce.cases.present import (
    ReportsShown,
    access_denials,
    case_reports,
    full_case,
    investigation_evidence,
    site_visits,
)
from truce.cases.visibility import cases_visible_to, sees_investigation
from truce.core.taxonomy import ACTOR_TYPES
from truce.errors import ActionError, FieldProblem, NotFound
from truce.idempotency.forms import once_per_token, refused
from truce.penalties.actions import do_confirm_penalty, do_decline_penalty
from truce.penalties.api import may_see_ledger
from truce.penalties.ledger import ledger
from truce.reports.access_log import case_access_rows
from truce.rulings.actions import case_evidence, do_draft_ruling, do_sign_ruling
from truce.rulings.models import Confidence, Outcome
from truce.web.forms import EvidenceForm
from truce.web.record_entries import case_record
from truce.web.words import quorum_words


def _moment(r: HttpRequest, field: str, case_id: int) -> dt.datetime:
    """The instant a page form gives as a day (``<field>_date``) and a time of day (``<field>_time``) on
    the agreement's clock, or, from older pages, one ISO 8601 value with its offset (``<field>``). The
    refusal says what was wrong in words, for the form beside which it shows."""
    day_text, time_text = _form(r, f"{field}_date").strip(), _form(r, f"{field}_time").strip()
    if day_text or time_text or f"{field}_date" in r.POST:
        agreement = registry.parsed(Case.objects.get(pk=case_id).agreement)
        try:
            day = dt.date.fromisoformat(day_text)
        except ValueError:
            raise ActionError(
                _("Pick the day from the calendar, or type it as year-month-day (2025-10-27)."), field=field
            ) from None
        try:
            time = dt.time.fromisoformat(time_text)
        except ValueError:
            raise ActionError(
                _("Give the time as hours and minutes on a 24-hour clock (10:30)."), field=field
            ) from None
        moment = dt.datetime.combine(day, time.replace(tzinfo=None), tzinfo=agreement.tz)
    else:
        parsed = parse_datetime(_form(r, field))
        if parsed is None:
            raise ActionError(_("Give the day and the time of day."), field=field)
        if parsed.tzinfo is None:
            raise ActionError(_("Add the time zone, e.g. +05:00."), field=field)
        moment = parsed
    problem = moment_problem(moment)
    if problem:
        raise ActionError(problem, field=field)
    return moment


# A form field named inside a refusal ("the ruling chosen … is not one of the choices"): its name in
# English, a word elsewhere.
_CHOICE_WORDS: dict[str, Any] = {
    "reply": pgettext_lazy("a form's field inside a sentence", "reply"),
    "ruling": pgettext_lazy("a form's field inside a sentence", "ruling"),
    "evidence": pgettext_lazy("a form's field inside a sentence", "evidence"),
    "into": pgettext_lazy("a form's field inside a sentence", "case"),
    "reports": pgettext_lazy("a form's field inside a sentence", "report"),
    "lat": pgettext_lazy("a form's field inside a sentence", "latitude"),
    "lon": pgettext_lazy("a form's field inside a sentence", "longitude"),
}


def _id(value: str, field: str) -> int:
    """An id from a form field (a select or hidden input), refused as the field's error when it is not
    one: a tampered form must not reach the database as a server error."""
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise ActionError(
            gettext_lazy("the %(field)s chosen (%(value)s) is not one of the choices; reload the page"),
            params={"field": _CHOICE_WORDS.get(field, field), "value": repr(value)},
            field=field,
        )
    return int(value)


def _coordinate(value: str, field: str) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError as exc:
        raise ActionError(
            gettext_lazy("the %(field)s %(value)s is not a number"),
            params={"field": _CHOICE_WORDS.get(field, field), "value": repr(value)},
            field=field,
        ) from exc


def _evidence_form(request: HttpRequest, case_id: int) -> tuple[Any, Any]:
    zone = registry.parsed(Case.objects.get(pk=case_id).agreement).timezone
    form = EvidenceForm(request.POST, request.FILES, zone=zone)
    if not form.is_valid():
        # The form's own errors are already in the reader's language (the API checks evidence itself).
        problems = [
            FieldProblem(name, " ".join(str(e) for e in errors)) for name, errors in form.errors.items()
        ]
        raise ActionError.of_problems(problems)
    upload = form.cleaned_data.get("file")
    return form.evidence(), (upload.file if upload else None)


def _case_evidence(request: HttpRequest, case_id: int) -> str:
    item, upload = _evidence_form(request, case_id)
    investigation.do_add_case_evidence(case_id, evidence=item, upload=upload, acting_user=request.user)
    return gettext("Evidence added to the case.")


def _reply_evidence(request: HttpRequest, case_id: int) -> str:
    item, upload = _evidence_form(request, case_id)
    replies.do_add_reply_evidence(
        case_id,
        _id(request.POST.get("reply", ""), "reply"),
        evidence=item,
        upload=upload,
        acting_user=request.user,
    )
    return gettext("Counter-evidence added to your reply.")


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
    return gettext("Ruling R%(number)s drafted; it takes effect when the quorum has signed.") % {
        "number": ruling.number
    }


def _sign(request: HttpRequest, case_id: int) -> str:
    ruling = do_sign_ruling(_id(request.POST.get("ruling", ""), "ruling"), acting_user=request.user)
    return gettext("Signed. Ruling R%(number)s: %(status)s.") % {
        "number": ruling.number,
        "status": ruling.get_status_display(),
    }


def _form(r: HttpRequest, name: str) -> str:
    return r.POST.get(name, "")


def _visit(r: HttpRequest, c: int) -> object:
    return investigation.do_log_site_visit(
        c,
        visited_at=_moment(r, "visited_at", c),
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
        denied_at=_moment(r, "denied_at", c),
        place=_form(r, "place"),
        denied_by=_form(r, "denied_by"),
        description=_form(r, "description"),
        acting_user=r.user,
    )


# verb -> (what it does, what the page says after it; None: the handler returns the message itself)
Handler = Callable[[HttpRequest, int], object]
StrOrPromise = str | Promise
VERBS: dict[str, tuple[Handler, StrOrPromise | None]] = {
    "admit": (
        lambda r, c: workflow.do_admit_case(c, acting_user=r.user),
        gettext_lazy("Declared admissible."),
    ),
    "inadmissible": (
        lambda r, c: workflow.do_declare_inadmissible(c, reason=_form(r, "reason"), acting_user=r.user),
        gettext_lazy("Declared inadmissible."),
    ),
    "investigate": (
        lambda r, c: investigation.do_start_investigation(c, acting_user=r.user),
        gettext_lazy("Investigation started."),
    ),
    "assign": (
        lambda r, c: investigation.do_assign_monitor(c, monitor=_form(r, "monitor"), acting_user=r.user),
        gettext_lazy("Monitor assigned."),
    ),
    "visit": (_visit, gettext_lazy("Site visit logged.")),
    "denial": (_denial, gettext_lazy("Access denial recorded.")),
    "evidence": (_case_evidence, None),
    "share": (
        lambda r, c: replies.do_share_case(c, party=_form(r, "party"), acting_user=r.user),
        gettext_lazy("Case shared with the accused party; it may now be asked to reply."),
    ),
    "request-reply": (
        lambda r, c: replies.do_request_reply(c, acting_user=r.user),
        gettext_lazy("Reply requested; the party is notified."),
    ),
    "reply": (
        lambda r, c: replies.do_submit_reply(c, text=_form(r, "text"), acting_user=r.user),
        gettext_lazy("Reply submitted."),
    ),
    "reply-evidence": (_reply_evidence, None),
    "ruling": (_ruling, None),
    "sign": (_sign, None),
    "publish": (lambda r, c: workflow.do_publish_case(c, acting_user=r.user), gettext_lazy("Published.")),
    "reopen": (
        lambda r, c: workflow.do_reopen_case(c, reason=_form(r, "reason"), acting_user=r.user),
        gettext_lazy("Reopened."),
    ),
    "join": (
        lambda r, c: workflow.do_join_cases(c, into=_id(_form(r, "into"), "into"), acting_user=r.user),
        gettext_lazy("Joined into the other case."),
    ),
    "split": (
        lambda r, c: workflow.do_split_case(
            c, reports=[_id(x, "reports") for x in r.POST.getlist("reports")], acting_user=r.user
        ),
        gettext_lazy("Reports moved to a new case."),
    ),
}


# Verbs whose forms take typed text or choices: on a refusal the page shows them again as typed, with the
# problem beside them (the reply's text even when the window closed meanwhile and the form is gone).
KEEPS_TYPED = {
    "visit",
    "denial",
    "reply",
    "ruling",
    "inadmissible",
    "reopen",
    "assign",
    "join",
    "split",
    "evidence",
    "reply-evidence",
}
# Verbs whose form is the EvidenceForm: it comes back bound to what was posted, each problem beside its field.
EVIDENCE_VERBS = {"evidence", "reply-evidence"}


def _sentence(message: str) -> str:
    """An action's message as a sentence: capital first letter, final full stop."""
    message = str(message).strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."


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
        message = str(done) if done is not None else str(result)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ActionError as exc:
        # The problems in words alone: a field's code name ("visited_at") means nothing to the reader.
        details = " ".join(_sentence(p.words()) for p in exc.problems) or _sentence(exc.words())
        if verb in KEEPS_TYPED:
            # The form comes back with what was typed and the problem beside it, not an empty form.
            case = cases_visible_to(request.user).get(pk=case_id)
            context = case_page_context(request, case)
            context.update(
                {
                    "typed_verb": verb,
                    "typed": request.POST,
                    "typed_error": details,
                    # the ticked boxes of the ruling's evidence and of the reports to split off
                    "typed_evidence": request.POST.getlist("evidence"),
                    "typed_reports": request.POST.getlist("reports"),
                }
            )
            if verb in EVIDENCE_VERBS:
                context["evidence_form"] = _refused_evidence_form(request, case, exc)
                context["typed_error"] = ""
            return render(request, "truce/case_detail.html", context, status=400)
        messages.error(request, details)
        refused(request)
    else:
        messages.success(request, message)
        case = Case.objects.get(pk=case_id)
        if case.joined_into_id:
            target = case.joined_into_id
    return redirect("case-detail", case_id=target)


def _refused_evidence_form(request: HttpRequest, case: Case, exc: ActionError) -> EvidenceForm:
    """The evidence form as it was posted, with each problem beside its field (a problem of no field of
    the form above it). The chosen file cannot come back: a browser never fills a file input."""
    form = EvidenceForm(request.POST, request.FILES, zone=registry.parsed(case.agreement).timezone)
    if not form.is_valid():  # the form's own checks refused it; their words are already beside the fields
        return form
    if not exc.problems:
        form.add_error(None, exc.words())
    for problem in exc.problems:
        form.add_error(problem.field if problem.field in form.fields else None, problem.words())
    return form


JOIN_CHOICES = 50


def join_candidates(case: Case) -> list[Case]:
    """The open cases the page offers to join ``case`` into: those whose incident dates are nearest to
    its own, JOIN_CHOICES on each side (a duplicate is filed about the same days; an agreement with 10^5
    cases would otherwise send them all in one list). The API's join takes any case."""
    open_cases = Case.objects.filter(
        agreement_id=case.agreement_id,
        status__in=["received", "admissible", "under_investigation", "awaiting_reply", "ruling_drafted"],
    ).exclude(pk=case.pk)
    later = open_cases.filter(incident_date__gte=case.incident_date).order_by("incident_date", "id")
    earlier = open_cases.filter(incident_date__lt=case.incident_date).order_by("-incident_date", "-id")
    return [*reversed(list(later[:JOIN_CHOICES])), *earlier[:JOIN_CHOICES]]


# The case page's lists that grow with the case, a page at a time: reports and investigation evidence
# oldest first (``?reports=N``, ``?evidence=N``), record entries latest page first (``?entries=N``,
# truce.web.record_entries.ENTRIES_PER_PAGE). A case 200 reports joined took seconds to render whole.
REPORTS_PER_PAGE = 20
EVIDENCE_PER_PAGE = 50
# Site visits and access denials oldest first (``?visits=N``, ``?denials=N``), the mediators' log of reads
# of protected evidence oldest first (``?access=N``).
VISITS_PER_PAGE = 50
DENIALS_PER_PAGE = 50
ACCESS_PER_PAGE = 50


def _pages(
    request: HttpRequest, page: Any, param: str, anchor: str, *, latest_first: bool = False
) -> dict[str, Any]:
    """What the page links of one list need: the page, and the addresses of its neighbours, each keeping
    the other lists' pages and the filters in the query string and leading back to the list's section."""

    def link(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}#{anchor}"

    before, after = (
        (gettext("Newer"), gettext("Older")) if latest_first else (gettext("Older"), gettext("Newer"))
    )
    return {
        "page": page,
        "previous": (before, link(page.previous_page_number())) if page.has_previous() else None,
        "next": (after, link(page.next_page_number())) if page.has_next() else None,
    }


def case_page_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    """What the case page shows and which forms it offers this user."""
    from truce.agreements import registry

    user: Any = request.user
    reports = Paginator(case_reports(case, user), REPORTS_PER_PAGE).get_page(request.GET.get("reports"))
    evidence = visits = denials = access = None
    investigating = sees_investigation(user, case)
    if investigating:
        items = investigation_evidence(case)
        evidence = Paginator(items, EVIDENCE_PER_PAGE).get_page(request.GET.get("evidence"))
        visits = Paginator(site_visits(case), VISITS_PER_PAGE).get_page(request.GET.get("visits"))
        denials = Paginator(access_denials(case), DENIALS_PER_PAGE).get_page(request.GET.get("denials"))
    mediator = is_mediator(user, case.agreement_id)
    if mediator:
        access = Paginator(case_access_rows(case), ACCESS_PER_PAGE).get_page(request.GET.get("access"))
    data = full_case(
        case,
        user,
        reports=ReportsShown.of_page(reports),
        evidence=evidence,
        visits=visits,
        denials=denials,
        access=access,
    )
    agreement = registry.parsed(case.agreement)
    assigned = user.role == Role.MONITOR and case.assignments.filter(monitor=user).exists()
    party = liaison_party(user, case.agreement_id)
    my_reply = next((r for r in data["replies"] if r["party"] == party), None)
    record = case_record(case, user, data, agreement, request.GET.get("entries"))
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
        "sees_investigation": investigating,
        "evidence_form": EvidenceForm(zone=agreement.timezone),
        "parties": agreement.parties,
        "commitments": agreement.commitments,
        "outcomes": Outcome.choices,
        "confidences": Confidence.choices,
        "actor_types": ACTOR_TYPES,
        "record": record,
        "record_pages": _pages(request, record["page"], "entries", "record", latest_first=True),
        "report_pages": _pages(request, reports, "reports", "reports"),
        "evidence_pages": None if evidence is None else _pages(request, evidence, "evidence", "evidence"),
        "visit_pages": None if visits is None else _pages(request, visits, "visits", "visits"),
        "denial_pages": None if denials is None else _pages(request, denials, "denials", "denials"),
        "access_pages": None if access is None else _pages(request, access, "access", "access-h"),
        "timezone": agreement.timezone,
        # The reply's own move is the accused party's act, not one a mediator can take.
        "allowed_steps": [t for t in data.get("allowed", []) if t != "receive_reply"],
    }
    if mediator:
        context["monitors"] = User.objects.filter(
            agreement_id=case.agreement_id, role=Role.MONITOR, is_active=True
        )
        context["open_cases"] = join_candidates(case)
        unseen = replies.unseen_by_accused(case)
        context["unseen_by_accused"] = unseen.words() if unseen is not None else ""
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
        data = ledger(agreement_id, party, in_words=True)
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
        data = (
            ledger(agreement_id, party, in_words=True)
            if may_see_ledger(request.user, agreement_id, party)
            else None
        )
        mediator = is_mediator(request.user, agreement_id)
        # The form is on the page only for a mediator and a proposed penalty of this ledger: there the
        # ledger comes back with the reason as typed and the refusal beside it; elsewhere the refusal is
        # said above the page.
        if (
            data is None
            or not mediator
            or not any(p["id"] == penalty_id and p["status"] == "proposed" for p in data["penalties"])
        ):
            messages.error(request, exc.words())
            refused(request)
            return redirect("ledger", agreement_id=agreement_id, party=party)
        context = {
            "ledger": data,
            "mediator": mediator,
            "typed_penalty": penalty_id,
            "typed_reason": request.POST.get("reason", ""),
            "typed_error": _sentence(exc.words()),
        }
        return render(request, "truce/ledger.html", context, status=400)
    else:
        if decision == "confirm" and penalty.status == "proposed":
            quorum = quorum_words(registry.get(penalty.agreement_id)[1].procedure.ruling_quorum)
            messages.success(
                request,
                gettext("Your confirmation of penalty %(reference)s is recorded; it awaits %(quorum)s.")
                % {"reference": penalty.reference, "quorum": quorum},
            )
        else:
            messages.success(
                request,
                gettext("Penalty %(reference)s: %(status)s.")
                % {"reference": penalty.reference, "status": penalty.get_status_display()},
            )
    return redirect("ledger", agreement_id=agreement_id, party=party)
