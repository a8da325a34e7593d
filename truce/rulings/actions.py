"""Drafting and signing rulings. A ruling is never edited: a revision is a new ruling that supersedes the
one in force once it is itself signed by the quorum."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy, pgettext_lazy

from truce.accounts.roles import is_mediator
from truce.cases.actions.common import advance, agreement_of, mediator_case
from truce.cases.actions.replies import reply_window_open, unseen_by_accused
from truce.cases.actions.workflow import publish
from truce.cases.locking import lock_cases
from truce.cases.models import Case, Reply
from truce.core import clock
from truce.core.taxonomy import ACTOR_TYPES
from truce.core.workflow import Transition
from truce.errors import ActionError, FieldProblem, Forbidden, NotFound
from truce.notifications.models import Kind
from truce.notifications.send import liaisons_of, mediators_of, notify_about
from truce.penalties.actions import PENALTY_EVENT_VERSION, EngineRun, proposal_json, propose_penalties
from truce.record.store import append, lock_head
from truce.reports.models import Evidence
from truce.rulings.events import RulingDrafted, RulingSigned
from truce.rulings.models import Confidence, Outcome, Ruling, RulingStatus, Signature

# A finding inside a refusal ("a finding of no violation names no breach or party").
_OUTCOME_WORDS: dict[str, Any] = {
    Outcome.NO_VIOLATION: pgettext_lazy("finding inside a sentence", "no violation"),
    Outcome.NOT_ATTRIBUTABLE: pgettext_lazy("finding inside a sentence", "not attributable"),
    Outcome.INSUFFICIENT_EVIDENCE: pgettext_lazy("finding inside a sentence", "insufficient evidence"),
}


def _status_words(status: str) -> Any:
    """A ruling status inside a sentence, in the reader's language when the sentence is shown: its label
    lower-cased ("ruling R-1 is in force", as the English message has always said it)."""
    return lazy(lambda: str(RulingStatus(status).label).lower(), str)()


def case_evidence(case: Case) -> Any:
    """Every piece of evidence on a case: its reports', the investigation's and the replies'."""
    return Evidence.objects.filter(Q(report__case=case) | Q(case=case) | Q(reply__case=case))


def _check_finding(
    case: Case,
    *,
    outcome: str,
    commitment: str,
    responsible_party: str,
    perpetrator_type: str,
    confidence: str,
    reasons: str,
    evidence: Sequence[int],
) -> list[FieldProblem]:
    agreement = agreement_of(case)
    problems = []
    if outcome not in Outcome.values:
        problems.append(
            FieldProblem.marked(
                "outcome",
                gettext_lazy("%(value)s is not one of %(choices)s"),
                {"value": repr(outcome), "choices": ", ".join(Outcome.values)},
            )
        )
    if confidence not in Confidence.values:
        problems.append(
            FieldProblem.marked(
                "confidence",
                gettext_lazy("%(value)s is not one of %(choices)s"),
                {"value": repr(confidence), "choices": ", ".join(Confidence.values)},
            )
        )
    if outcome == Outcome.VIOLATION:
        if agreement.commitment(commitment) is None:
            known = ", ".join(c.id for c in agreement.commitments)
            problems.append(
                FieldProblem.marked(
                    "commitment",
                    gettext_lazy("a violation breaches a commitment of the agreement (%(known)s)"),
                    {"known": known},
                )
            )
        if agreement.party(responsible_party) is None:
            parties = ", ".join(p.code for p in agreement.parties)
            problems.append(
                FieldProblem.marked(
                    "responsible_party",
                    gettext_lazy("a violation names the party responsible (%(parties)s)"),
                    {"parties": parties},
                )
            )
    elif commitment or responsible_party:
        problems.append(
            FieldProblem.marked(
                "outcome",
                gettext_lazy("a finding of %(outcome)s names no breach or party"),
                {"outcome": _OUTCOME_WORDS.get(outcome, outcome.replace("_", " "))},
            )
        )
    if perpetrator_type and perpetrator_type not in ACTOR_TYPES:
        problems.append(
            FieldProblem.marked(
                "perpetrator_type",
                gettext_lazy("%(value)s is not an ACLED actor type"),
                {"value": repr(perpetrator_type)},
            )
        )
    if not reasons.strip():
        problems.append(FieldProblem.marked("reasons", gettext_lazy("a ruling gives its reasons")))
    known_evidence = set(case_evidence(case).values_list("id", flat=True))
    strangers = [e for e in evidence if e not in known_evidence]
    if strangers:
        problems.append(
            FieldProblem.marked(
                "evidence",
                gettext_lazy("evidence %(items)s is not part of case %(case)s"),
                {"items": str(strangers), "case": case.reference},
            )
        )
    return problems


def do_draft_ruling(
    case_id: int,
    *,
    outcome: str,
    confidence: str,
    reasons: str,
    commitment: str = "",
    responsible_party: str = "",
    perpetrator: str = "",
    perpetrator_type: str = "",
    evidence: Sequence[int] = (),
    acting_user: Any,
) -> Ruling:
    """Draft the finding on a case (a mediator). A case that names a party is ruled on only after that
    party has replied or its reply window has closed."""
    commitment, responsible_party = commitment.strip(), responsible_party.strip().upper()
    with transaction.atomic():
        case = mediator_case(case_id, acting_user)
        if case.accused_party:
            # A window that ran out on a party that could not see the case is no lapsed window: it was
            # never heard. (Cases put to a party before the request checked this are caught here too.)
            unseen = unseen_by_accused(case, to_rule=True)
            if unseen is not None and not Reply.objects.filter(case=case).exists():
                raise unseen
            if case.status == "under_investigation" and not case.reply_requested_at:
                raise ActionError(
                    gettext_lazy("put the case to the accused party first (request its reply)"),
                    field="status",
                )
            if (
                case.status == "awaiting_reply"
                and reply_window_open(case)
                and not Reply.objects.filter(case=case).exists()
            ):
                agreement = agreement_of(case)
                assert case.reply_due_at is not None
                due = case.reply_due_at.astimezone(agreement.tz)
                raise ActionError(
                    gettext_lazy(
                        "the accused party may reply until %(when)s (%(zone)s); draft the ruling after it "
                        "replies or the window closes"
                    ),
                    params={"when": f"{due:%Y-%m-%d %H:%M}", "zone": agreement.timezone},
                    field="status",
                )
        if Ruling.objects.filter(case=case, status=RulingStatus.DRAFT).exists():
            raise ActionError(
                gettext_lazy("a draft ruling on this case is awaiting signatures"), field="case"
            )
        problems = _check_finding(
            case,
            outcome=outcome,
            commitment=commitment,
            responsible_party=responsible_party,
            perpetrator_type=perpetrator_type,
            confidence=confidence,
            reasons=reasons,
            evidence=evidence,
        )
        if problems:
            raise ActionError.of_problems(problems)
        advance(case, Transition.DRAFT_RULING)
        case.save(update_fields=["status"])
        previous = Ruling.objects.filter(case=case, status=RulingStatus.IN_FORCE).first()
        number = (
            Ruling.objects.filter(agreement_id=case.agreement_id).aggregate(n=Max("number"))["n"] or 0
        ) + 1
        ruling = Ruling.objects.create(
            case=case,
            agreement_id=case.agreement_id,
            number=number,
            reference=f"{case.agreement_id}/R{number}",
            outcome=outcome,
            commitment=commitment,
            responsible_party=responsible_party,
            perpetrator=perpetrator.strip()[:200],
            perpetrator_type=perpetrator_type,
            sub_event_type=case.sub_event_type,
            confidence=confidence,
            reasons=reasons.strip(),
            supersedes=previous,
            drafted_by=acting_user,
            drafted_at=clock.now(),
        )
        ruling.evidence.set(list(evidence))
        others = [u for u in mediators_of(case.agreement_id) if u.pk != acting_user.pk]
        notify_about(others, Kind.RULING_TO_SIGN, {"number": number, "case": case.reference}, case=case)
        append(
            RulingDrafted(
                ruling=ruling.pk,
                case=case.pk,
                reference=ruling.reference,
                supersedes=previous.pk if previous else None,
                finding=finding_json(ruling),
            ),
            agreement=case.agreement_id,
            actor=acting_user,
            veiled=True,  # a draft ruling is the mediators' until published (docs/record.md §1.4)
        )
    return ruling


def finding_json(ruling: Ruling) -> dict[str, Any]:
    return {
        "outcome": ruling.outcome,
        "commitment": ruling.commitment,
        "responsible_party": ruling.responsible_party,
        "perpetrator": ruling.perpetrator,
        "perpetrator_type": ruling.perpetrator_type,
        "sub_event_type": ruling.sub_event_type,
        "confidence": ruling.confidence,
        "reasons": ruling.reasons,
        "evidence": sorted(ruling.evidence.values_list("id", flat=True)),
    }


def do_sign_ruling(ruling_id: int, *, acting_user: Any) -> Ruling:
    """Sign a draft ruling for one's mediating state (or the mission). The signature that completes the
    agreement's quorum puts the ruling in force. Safe under concurrent requests: signatures on one
    record take turns under the record lock, and the database refuses a second signature by one officer."""
    try:
        with transaction.atomic():
            # The cases lock first (the ruling changes its case), then the record's (truce.cases.locking).
            lock_cases(*Ruling.objects.filter(pk=ruling_id).values_list("agreement_id", flat=True))
            lock_head()
            ruling = (
                Ruling.objects.select_for_update()
                .select_related("case", "agreement")
                .filter(pk=ruling_id)
                .first()
            )
            # Drafts are seen by mediators only, so to anyone else (a party's officer above all: it never
            # signs) a draft ruling does not exist.
            if ruling is None or not is_mediator(acting_user, ruling.agreement_id):
                raise NotFound(
                    gettext_lazy("no ruling %(ruling)s"), params={"ruling": ruling_id}, field="ruling"
                )
            if ruling.status != RulingStatus.DRAFT:
                raise ActionError(
                    gettext_lazy("ruling %(ruling)s is %(status)s; only a draft is signed"),
                    params={"ruling": ruling.reference, "status": _status_words(ruling.status)},
                    field="ruling",
                )
            agreement = agreement_of(ruling.case)
            bodies = agreement.signatory_bodies()
            if acting_user.organisation not in bodies:
                raise Forbidden(
                    gettext_lazy("%(body)s is not a signatory body (%(bodies)s)"),
                    params={"body": acting_user.organisation or "you", "bodies": ", ".join(bodies)},
                    field="ruling",
                )
            if Signature.objects.filter(ruling=ruling, officer=acting_user).exists():
                raise ActionError(gettext_lazy("you have already signed this ruling"), field="ruling")
            Signature.objects.create(
                ruling=ruling, officer=acting_user, body=acting_user.organisation, signed_at=clock.now()
            )
            signed = {(str(s.officer_id), s.body) for s in ruling.signatures.all()}
            in_force = agreement.quorum_met(signed)
            published, superseded, run = False, None, None
            case = Case.objects.select_for_update().get(pk=ruling.case_id)
            if in_force:
                now = clock.now()
                ruling.status, ruling.in_force_at = RulingStatus.IN_FORCE, now
                ruling.save(update_fields=["status", "in_force_at"])
                if ruling.supersedes_id:
                    Ruling.objects.filter(pk=ruling.supersedes_id).update(status=RulingStatus.SUPERSEDED)
                    superseded = ruling.supersedes_id
                advance(case, Transition.RULE)
                case.save(update_fields=["status"])
                if agreement.procedure.publish_after == "ruling":
                    publish(case, now)
                    published = True
                run = _after_ruling(ruling)
                parties = {ruling.responsible_party, case.accused_party} - {""}
                parties |= set(case.reports.exclude(filing_party="").values_list("filing_party", flat=True))
                audience = mediators_of(ruling.agreement_id) + [
                    u for party in sorted(parties) for u in liaisons_of(ruling.agreement_id, party)
                ]
                notify_about(
                    audience,
                    Kind.RULING_IN_FORCE,
                    {"number": ruling.number, "case": case.reference},
                    case=case,
                )
            append(
                RulingSigned(
                    ruling=ruling.pk,
                    case=case.pk,
                    body=acting_user.organisation,
                    signatures=len(signed),
                    in_force=in_force,
                    published=published,
                    superseded=superseded,
                    penalties_proposed=[proposal_json(p) for p in run.created] if run else [],
                    as_of=run.as_of.isoformat() if run else "",
                    expired=run.expired if run else [],
                    event_version=PENALTY_EVENT_VERSION,
                ),
                agreement=ruling.agreement_id,
                actor=acting_user,
                veiled=not published,  # an unpublished ruling is not public (docs/record.md §1.4)
            )
    except IntegrityError as exc:  # a second request by the same officer that raced past the check
        raise ActionError(gettext_lazy("you have already signed this ruling"), field="ruling") from exc
    return ruling


def _after_ruling(ruling: Ruling) -> EngineRun | None:
    """Run the penalty engine for the party a violation ruling holds responsible (None for any other
    outcome: the engine does not run)."""
    if ruling.outcome != Outcome.VIOLATION:
        return None
    return propose_penalties(ruling.agreement_id, ruling.responsible_party)
