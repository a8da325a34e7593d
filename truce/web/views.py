"""Server-rendered pages. Thin: they read through the visibility rules and write only through actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from truce.accounts.roles import is_mediator, is_monitor, liaison_party
from truce.agreements import registry
from truce.cases.models import CaseSummary
from truce.cases.visibility import cases_visible_to
from truce.errors import ActionError, NotFound, TooManyRequests
from truce.idempotency.forms import once_per_token, refused
from truce.reports import actions, evidence_store
from truce.reports.access_log import log_download, log_shown
from truce.reports.models import Evidence, ReportStatus
from truce.reports.present import latest_rendition, report_dict
from truce.reports.visibility import may_see_protected, reports_visible_to
from truce.web.case_views import case_page_context
from truce.web.forms import EvidenceForm, ReportForm, form_field
from truce.web.incidents import (
    IncidentFilters,
    agreement_for,
    apply_filters,
    newest_first,
    status_words,
    visible_incidents,
    with_summaries,
)


def _may_file(user: Any) -> bool:
    return bool(user.agreement_id) and (
        liaison_party(user, user.agreement_id) is not None or is_monitor(user, user.agreement_id)
    )


def _limited(response: HttpResponse, exc: ActionError | None) -> HttpResponse:
    """A page refused by a per-user limit answers 429 with Retry-After, like the API (the message is
    already beside the form)."""
    if isinstance(exc, TooManyRequests):
        response.status_code = 429
        response["Retry-After"] = str(exc.retry_after)
    return response


def _add_problems(form: Any, exc: ActionError, mapping: Any = form_field) -> None:
    problems = exc.problems or []
    if not problems:
        form.add_error(None, exc.words())
    for problem in problems:
        name = mapping(problem.field)
        form.add_error(
            name if name in form.fields else None,
            # A problem no input stands for shows as its words alone: a path such as
            # "incident.location" means nothing to the person filling the form.
            problem.words(),
        )


def _zone(report: Any) -> str:
    """The time zone of the report's agreement: evidence forms read days and times on its clock."""
    return registry.parsed(report.agreement).timezone


CASES_PER_PAGE = 50
# The case list counts at most this many cases (COUNT(*) over every case a liaison may see took half a
# second at 10^5 on SQLite, and grew with the data); past it the list says "more than" and its pages stop
# there: older cases are found with the filters or a search.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A paginator whose count stops at ``COUNT_CAP``: the database counts the first COUNT_CAP + 1 rows
    of the list, in no order, instead of every row; ``capped`` says there were more."""

    def __init__(
        self, rows: QuerySet[Any], per_page: int, cap: int, *, counted_rows: QuerySet[Any] | None = None
    ) -> None:
        super().__init__(rows, per_page)
        self.rows = rows
        self.cap = cap
        # As many rows as ``rows``, cheaper to count (a liaison's summaries without their cases).
        self.counted_rows = rows if counted_rows is None else counted_rows

    @cached_property
    def counted(self) -> int:
        return self.counted_rows.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @property
    def capped(self) -> bool:
        return self.counted > self.cap


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """Newest incident first, 50 to a page, with the dashboard's filters and a search; every title,
    place and date is the viewer's summary of the case (truce.web.incidents.with_summaries)."""
    user: Any = request.user
    agreement = agreement_for(user)
    filters = IncidentFilters(request.GET or None, agreement=agreement)
    cases = newest_first(apply_filters(with_summaries(visible_incidents(user), user), filters, user), user)
    counted_rows = None
    party = liaison_party(user, user.agreement_id) if user.agreement_id else None
    if party is not None and not filters.values():
        # A party's whole list is its summaries of cases not joined into another (truce.web.incidents.
        # visible_incidents): counted from their index alone instead of joining each to its case.
        counted_rows = CaseSummary.objects.filter(agreement_id=user.agreement_id, party=party, joined=False)
    paginator = CappedPaginator(cases, CASES_PER_PAGE, COUNT_CAP, counted_rows=counted_rows)
    page = paginator.get_page(request.GET.get("page"))
    ids = [c.pk for c in page.object_list]
    counts = dict(
        reports_visible_to(user)
        .filter(case_id__in=ids)
        .values("case_id")
        .annotate(n=Count("id"))
        .values_list("case_id", "n")
        .order_by()
    )
    rows = [
        {"case": c, "status_words": status_words(c.status), "report_count": counts.get(c.pk, 0)}
        for c in page.object_list
    ]
    ledgers = []
    if agreement is not None and is_mediator(user, user.agreement_id):
        ledgers = [p.code for p in agreement.parties]
    context = {
        "rows": rows,
        "page": page,
        "filters": filters,
        "query": filters.query_string(),
        "may_file": _may_file(user),
        "ledgers": ledgers,
    }
    return render(request, "truce/case_list.html", context)


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = cases_visible_to(request.user).filter(pk=case_id).first()
    if case is None:
        raise Http404("no such case")
    context = case_page_context(request, case)
    log_shown(request.user, context["case"], via="page")
    return render(request, "truce/case_detail.html", context)


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    rows = reports_visible_to(request.user).select_related("case", "filed_by")[:200]
    reports = [report_dict(r, request.user, with_evidence=False) for r in rows]
    return render(
        request, "truce/report_list.html", {"reports": reports, "may_file": _may_file(request.user)}
    )


@login_required
@once_per_token
def report_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not _may_file(user):
        raise Http404("you do not file reports")
    row, agreement = registry.get(user.agreement_id)
    party = liaison_party(user, row.pk) or ""
    # Bound on every POST, even an empty one, so a blank submission gets "required" errors, not a fresh form.
    data = request.POST if request.method == "POST" else None
    form = ReportForm(data, agreement=agreement, filing_party=party)
    refused: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            report = actions.do_file_report(
                agreement_id=row.pk,
                incident=form.incident(),
                draft=form.cleaned_data["draft"],
                urgent=form.cleaned_data["urgent"],
                acting_user=user,
            )
        except ActionError as exc:
            _add_problems(form, exc)
            refused = exc
        else:
            if report.case_id:
                messages.success(
                    request,
                    _("Report %(id)s filed in case %(case)s. Add photographs or documents below.")
                    % {"id": report.pk, "case": report.case.reference},  # type: ignore[union-attr]
                )
            else:
                messages.success(request, _("Draft report %(id)s saved.") % {"id": report.pk})
            return redirect("report-detail", report_id=report.pk)
    page = render(request, "truce/report_new.html", {"form": form, "agreement": agreement, "party": party})
    return _limited(page, refused)


@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    try:
        report = actions.get_visible_report(report_id, request.user)
    except NotFound as exc:
        raise Http404("no such report") from exc
    data = report_dict(report, request.user)
    log_shown(request.user, data, via="page")
    own = actions.may_add_evidence(request.user, report)
    context = {
        "report": data,
        "evidence_form": EvidenceForm(zone=_zone(report)) if own else None,
        "rendition_form": own,
        "may_submit": own and report.status == ReportStatus.DRAFT,
    }
    return render(request, "truce/report_detail.html", context)


@login_required
@require_POST
@once_per_token
def report_submit(request: HttpRequest, report_id: int) -> HttpResponse:
    try:
        report = actions.do_submit_report(report_id, acting_user=request.user)
    except NotFound as exc:
        raise Http404("no such report") from exc
    except ActionError as exc:
        messages.error(request, exc.words())
        refused(request)
    else:
        messages.success(
            request,
            _("Report %(number)s submitted to case %(case)s.")
            % {"number": report.pk, "case": report.case.reference},  # type: ignore[union-attr]
        )
    return redirect("report-detail", report_id=report_id)


@login_required
@require_POST
@once_per_token
def evidence_add(request: HttpRequest, report_id: int) -> HttpResponse:
    try:
        report = actions.get_visible_report(report_id, request.user)
    except NotFound as exc:
        raise Http404("no such report") from exc
    form = EvidenceForm(request.POST, request.FILES, zone=_zone(report))
    refused: ActionError | None = None
    if form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            actions.do_add_evidence(
                report.pk,
                upload=upload.file if upload else None,
                evidence=form.evidence(),
                acting_user=request.user,
            )
        except ActionError as exc:
            _add_problems(form, exc, mapping=lambda f: "obtained_on" if f == "obtained_at" else f)
            refused = exc
        else:
            messages.success(request, _("Evidence added."))
            return redirect("report-detail", report_id=report.pk)
    data = report_dict(report, request.user)
    context = {"report": data, "evidence_form": form, "may_submit": False}
    return _limited(render(request, "truce/report_detail.html", context, status=400), refused)


@login_required
def evidence_download(request: HttpRequest, report_id: int, evidence_id: int) -> FileResponse:
    try:
        report = actions.get_visible_report(report_id, request.user)
    except NotFound as exc:
        raise Http404("no such report") from exc
    evidence = Evidence.objects.filter(pk=evidence_id, report=report, kind="file").first()
    if evidence is None or not may_see_protected(request.user, evidence):
        raise Http404("no such file")
    log_download(request.user, evidence, via="page")
    response = FileResponse(
        evidence_store.open_original(evidence.sha256), content_type="application/octet-stream"
    )
    response["Content-Disposition"] = f'attachment; filename="evidence-{evidence.pk}-{evidence.sha256[:12]}"'
    return response


@login_required
def evidence_rendition(request: HttpRequest, report_id: int, evidence_id: int) -> FileResponse:
    try:
        report = actions.get_visible_report(report_id, request.user)
    except NotFound as exc:
        raise Http404("no such report") from exc
    evidence = Evidence.objects.filter(pk=evidence_id, report=report, source_protected=True).first()
    rendition = None if evidence is None else latest_rendition(evidence)
    if evidence is None or rendition is None:
        raise Http404("no redacted rendition")
    response = FileResponse(
        evidence_store.open_rendition(evidence.sha256, rendition.sha256),
        content_type="application/octet-stream",
    )
    response["Content-Disposition"] = f'attachment; filename="redacted-{evidence.pk}-{rendition.sha256[:12]}"'
    return response


@login_required
@require_POST
@once_per_token
def rendition_add(request: HttpRequest, report_id: int, evidence_id: int) -> HttpResponse:
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ActionError(gettext_lazy("file: choose the redacted file to upload"), field="file")
        actions.do_add_rendition(
            report_id,
            evidence_id,
            upload=upload.file,  # type: ignore[arg-type]
            media_type=upload.content_type or "",
            acting_user=request.user,
        )
    except NotFound as exc:
        raise Http404("no such evidence") from exc
    except ActionError as exc:
        messages.error(request, exc.words())
        refused(request)
    else:
        messages.success(
            request, _("Redacted rendition added; the other side now sees it in place of the item.")
        )
    return redirect("report-detail", report_id=report_id)
