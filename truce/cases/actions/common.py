"""What every case action starts with: the case, locked, if the user may see it, and the user's role."""

from __future__ import annotations

from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy

from truce.accounts.roles import is_mediator
from truce.agreements import registry
from truce.cases.models import Case, CaseStatus
from truce.cases.visibility import cases_visible_to
from truce.core.agreement.model import Agreement
from truce.core.workflow import Step, Transition, WorkflowError, step
from truce.errors import ActionError, Forbidden, NotFound
from truce.record.store import lock_head


def visible_case(case_id: int, user: Any, *, lock: bool = True) -> Case:
    """The case, if ``user`` may see it (else NotFound). With ``lock``, the record lock is taken first
    and the row re-read, so concurrent actions on one case take turns. Requires an open transaction
    when ``lock`` is true."""
    if not cases_visible_to(user).filter(pk=case_id).exists():
        raise NotFound(f"no case {case_id}", field="case")
    if lock:
        lock_head()
        return Case.objects.select_for_update().get(pk=case_id)
    return Case.objects.get(pk=case_id)


def mediator_case(case_id: int, user: Any) -> Case:
    case = visible_case(case_id, user)
    if not is_mediator(user, case.agreement_id):
        raise Forbidden(gettext_lazy("only a mediator of this agreement may do this"), field="case")
    return case


def agreement_of(case: Case) -> Agreement:
    return registry.parsed(case.agreement)


def advance(case: Case, transition: Transition) -> Step:
    """Move ``case`` along ``transition`` (the caller saves it), or refuse naming where it is."""
    try:
        result = step(case.status, transition)
    except WorkflowError as exc:
        raise ActionError(str(exc), field="status") from exc
    case.status = result.target.value
    return result


def case_status_words(status: str) -> Any:
    """A case status inside an action's error, in the reader's language when the error is shown: its label
    lower-cased ("the case is under investigation", as the English message has always said it)."""
    return lazy(lambda: str(CaseStatus(status).label).lower(), str)()
