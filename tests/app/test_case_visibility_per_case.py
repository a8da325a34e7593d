"""Whether a user may see one case is asked of that case's own rows (EXISTS on its reports, assignments and
shares), not of every report the user may see: a case page or an action then costs the same whatever else
the user sees (truce.cases.visibility.cases_visible_to; docs/performance.md)."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.app.test_page_query_counts import _case_with_reports
from truce.cases.visibility import cases_visible_to


def _plan(sql: str, params: tuple[object, ...]) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.parametrize("viewer", ["pk", "af", "monitor"])
def test_asking_about_one_case_reads_only_that_cases_rows(cast, viewer):
    case = _case_with_reports(cast, 2, "2025-11-02")
    one = cases_visible_to(cast.users[viewer]).filter(pk=case)
    assert one.exists()
    sql, params = one.query.sql_with_params()
    # No DISTINCT over the case rows (nothing joined repeats a case) and no list of the user's reports.
    assert "DISTINCT" not in sql.split("EXISTS")[0].upper()
    assert "EXISTS" in sql.upper()
    if connection.vendor == "sqlite":
        plan = _plan(sql, params)
        # The reports are found through the index on their case, not among all the agreement's reports.
        assert "reports_report_case_id" in plan, plan
        assert "SCAN U0" not in plan and "SCAN reports_report" not in plan, plan
