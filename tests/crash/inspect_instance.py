"""What an instance holds, as JSON on standard output: run by the crash harness (tests/crash/harness.py) in
a process of its own, with the instance's TRUCE_HOME and DATABASE_URL, after the server was killed.

Besides the rows, it lists every row that lacks the record entry its action appends in the same
transaction (a half-present write): a report without its ``ReportFiled``, a report's or case's evidence,
a reply, a ruling or a signature outnumbering the entries recording them.

    python -m tests.crash.inspect_instance
"""

from __future__ import annotations

import json
import os
from collections import Counter

import django


def inspect() -> dict[str, object]:
    from truce.cases.models import Reply
    from truce.record.models import Entry
    from truce.reports.models import Evidence, Report
    from truce.rulings.models import Ruling, Signature

    entries = Counter(Entry.objects.values_list("type", "subject"))
    problems: list[str] = []

    def expect(kind: str, subject: str, rows: int, *kinds: str) -> None:
        recorded = sum(entries[(k, subject)] for k in (kind, *kinds))
        if recorded < rows:
            problems.append(f"{subject}: {rows} {kind} row(s) but {recorded} record entries")

    reports = list(Report.objects.values_list("id", flat=True))
    for report in reports:
        expect("ReportFiled", f"report:{report}", 1)
    per_report = Counter(Evidence.objects.filter(report__isnull=False).values_list("report_id", flat=True))
    for report, n in per_report.items():
        expect("EvidenceAdded", f"report:{report}", n)
    per_case = Counter(Evidence.objects.filter(case__isnull=False).values_list("case_id", flat=True))
    for case, n in per_case.items():
        expect("CaseEvidenceAdded", f"case:{case}", n)
    for case, n in Counter(Reply.objects.values_list("case_id", flat=True)).items():
        expect("ReplySubmitted", f"case:{case}", n)
    rulings = list(Ruling.objects.values_list("id", "case_id"))
    for ruling, _case in rulings:
        expect("RulingDrafted", f"ruling:{ruling}", 1)
    for ruling, n in Counter(Signature.objects.values_list("ruling_id", flat=True)).items():
        expect("RulingSigned", f"ruling:{ruling}", n)
    return {
        "reports": reports,
        "evidence": [[e, r, sha] for e, r, sha in Evidence.objects.values_list("id", "report_id", "sha256")],
        "replies": list(Reply.objects.values_list("id", flat=True)),
        "rulings": [ruling for ruling, _case in rulings],
        "signatures": [list(s) for s in Signature.objects.values_list("ruling_id", "officer__username")],
        "entries": Entry.objects.count(),
        # The workflow's steps that change a case without a row of their own: their entries are their trace.
        "case_steps": sorted(
            [t, int(subject.split(":")[1])]
            for (t, subject) in entries
            if t in ("CaseAdmitted", "InvestigationStarted", "ReplyRequested")
        ),
        # A filing retried with its Idempotency-Key must not have made a second report.
        "duplicate_titles": sorted(
            title for title, n in Counter(Report.objects.values_list("title", flat=True)).items() if n > 1
        ),
        "problems": problems,
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "truce.settings")
    django.setup()
    print(json.dumps(inspect()))
