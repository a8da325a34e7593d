"""What every case action starts with: the case, locked, if the user may see it, and the user's role."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from truce.accounts.roles import is_mediator
from truce.agreements import registry
from truce.cases.locking import lock_cases
from truce.cases.models import Case, CaseStatus
from truce.cases.visibility import cases_visible_to
from truce.core.agreement.model import Agreement
from truce.core.workflow import Step, Transition, WorkflowError, step
from truce.errors import ActionError, Forbidden, NotFound
from truce.record.store import lock_head

# Each step as the core's refusal names it inside a sentence ("to request reply it must be …"); the
# English is the transition's value, as truce.core.workflow.step writes it.
STEP_WORDS: dict[Transition, Any] = {
    Transition.ADMIT: pgettext_lazy("case step inside a sentence", "admit"),
    Transition.DECLARE_INADMISSIBLE: pgettext_lazy("case step inside a sentence", "declare inadmissible"),
    Transition.START_INVESTIGATION: pgettext_lazy("case step inside a sentence", "start investigation"),
    Transition.REQUEST_REPLY: pgettext_lazy("case step inside a sentence", "request reply"),
    Transition.RECEIVE_REPLY: pgettext_lazy("case step inside a sentence", "receive reply"),
    Transition.DRAFT_RULING: pgettext_lazy("case step inside a sentence", "draft ruling"),
    Transition.RULE: pgettext_lazy("case step inside a sentence", "rule"),
    Transition.PUBLISH: pgettext_lazy("case step inside a sentence", "publish"),
    Transition.REOPEN: pgettext_lazy("case step inside a sentence", "reopen"),
    Transition.JOIN: pgettext_lazy("case step inside a sentence", "join"),
}


def _either(statuses: list[str]) -> Any:
    """Case statuses as alternatives ("ruled or published") in the reader's language when shown."""

    def words() -> str:
        names = [str(case_status_words(status)) for status in statuses]
        text = names[0]
        for name in names[1:]:
            text = pgettext("alternatives", "%(one)s or %(other)s") % {"one": text, "other": name}
        return text

    return lazy(words, str)()


def visible_case(case_id: int, user: Any, *, lock: bool = True) -> Case:
    """The case, if ``user`` may see it (else NotFound). With ``lock``, the agreement's cases lock and
    then the record lock are taken (truce.cases.locking: that order for every action) and the row
    re-read, so concurrent actions on one case take turns. Requires an open transaction when ``lock``
    is true."""
    agreement_id = cases_visible_to(user).filter(pk=case_id).values_list("agreement_id", flat=True).first()
    if agreement_id is None:
        raise NotFound(gettext_lazy("no case %(case)s"), params={"case": case_id}, field="case")
    if lock:
        lock_cases(agreement_id)
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
        raise ActionError(
            gettext_lazy("the case is %(status)s; to %(step)s it must be %(needed)s"),
            params={
                "status": case_status_words(exc.current),
                "step": STEP_WORDS[exc.transition],
                "needed": _either([s.value for s in exc.needed]),
            },
            field="status",
        ) from exc
    case.status = result.target.value
    return result


def case_status_words(status: str) -> Any:
    """A case status inside an action's error, in the reader's language when the error is shown: its label
    lower-cased. In English it is the code name spaced out ("under investigation", "joined"), as the
    English message the API answers has always said it."""

    def words() -> str:
        if (translation.get_language() or "en").startswith("en"):
            return status.replace("_", " ")
        return str(CaseStatus(status).label).lower()

    return lazy(words, str)()
