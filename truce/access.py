"""Authorisation in one place: which roles may reach each page and each API operation at all, and which
object a route names, whose visibility then decides.

Two layers:

1. **Route** — ``PAGES`` (keyed by URL name, ``namespace:name`` for namespaced ones) and ``OPERATIONS``
   (keyed by the API's OpenAPI operation id) name the roles that may use a route. A route missing from both
   is refused to everyone (fail closed) and fails ``tests/app/test_authorization_matrix.py``.
2. **Object** — a route that names an object (a case id, a report id, ...) asks that app's
   ``visibility.py``, which remains the authority on objects; what a user may not see answers 404 exactly
   like what does not exist. Visibility is asked first, so a role refused on a route still cannot tell
   whether the object exists.

Actions still check what they check (``do_<verb>_<noun>``): who may do a thing to a particular object (the
accused party replies, an assigned monitor adds evidence, a quorum signs). This module only guarantees
that nobody reaches a route their role never may use, or a route about an object they cannot see.

Refusals keep the convention of the rest of the product: anonymous page visitors are sent to log in;
whoever cannot see the object gets 404; whoever can see it but whose role may not act gets 403 (API and
pages); a route without an object answers a page visitor 404 ("no such page for you") and an API caller
403 if they serve the agreement the request names (or any, if it names none), else 404.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from truce.accounts.models import Role

ANONYMOUS = "anonymous"
ROLES = (
    ANONYMOUS,
    Role.OBSERVER.value,
    Role.ADMIN.value,
    Role.LIAISON.value,
    Role.MONITOR.value,
    Role.MEDIATOR.value,
)

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANONYMOUS}
IN_AGREEMENT = frozenset({Role.LIAISON.value, Role.MONITOR.value, Role.MEDIATOR.value})
SEES_FINDINGS = IN_AGREEMENT | {Role.OBSERVER.value}
MEDIATORS = frozenset({Role.MEDIATOR.value})
TRIAGERS = frozenset({Role.MEDIATOR.value, Role.MONITOR.value})
FILERS = frozenset({Role.LIAISON.value, Role.MONITOR.value})
PARTIES = frozenset({Role.LIAISON.value})
LEDGER_READERS = frozenset({Role.LIAISON.value, Role.MEDIATOR.value})
INVESTIGATORS = frozenset({Role.MONITOR.value, Role.MEDIATOR.value})
MONITORS = frozenset({Role.MONITOR.value})
ADMINS = frozenset({Role.ADMIN.value})
# Who must give a second factor (truce.accounts.actions.ROLES_WITH_SECOND_FACTOR): only they have a use
# for its pages; test_access_policy checks the two stay the same.
SECOND_FACTOR = frozenset({Role.MEDIATOR.value, Role.ADMIN.value})


@dataclass(frozen=True)
class Rule:
    """``roles``: who may use the route at all. ``obj``: the kind of object its path names (a key of
    ``OBJECTS``), or None for routes about no single object (lists, forms, public record)."""

    roles: frozenset[str]
    obj: str | None = None
    # The setting holding a bearer token that reaches the route whatever the caller's role: a machine's
    # credential, not a user's (the Prometheus scraper's, TRUCE_METRICS_TOKEN). Unset setting: no one.
    token_setting: str | None = None


def role_of(user: Any) -> str:
    if not (user is not None and user.is_authenticated and user.is_active):
        return ANONYMOUS
    return str(user.role)


# --- objects: each delegates to the visibility module of its app --------------------------------------


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _sees_case(user: Any, kw: Mapping[str, Any]) -> bool:
    from truce.cases.visibility import cases_visible_to

    pk = _int(kw.get("case_id"))
    return pk is not None and cases_visible_to(user).filter(pk=pk).exists()


def _sees_report(user: Any, kw: Mapping[str, Any]) -> bool:
    from truce.reports.visibility import reports_visible_to

    pk = _int(kw.get("report_id"))
    return pk is not None and reports_visible_to(user).filter(pk=pk).exists()


def _sees_ruling(user: Any, kw: Mapping[str, Any]) -> bool:
    from truce.cases.visibility import cases_visible_to, sees_rulings
    from truce.rulings.models import Ruling, RulingStatus

    pk = _int(kw.get("ruling_id"))
    ruling = Ruling.objects.select_related("case").filter(pk=pk).first() if pk is not None else None
    if ruling is None or not cases_visible_to(user).filter(pk=ruling.case_id).exists():
        return False
    return sees_rulings(user, ruling.case, drafts=ruling.status == RulingStatus.DRAFT)


def _sees_ledger(user: Any, kw: Mapping[str, Any]) -> bool:
    from truce.penalties.api import may_see_ledger

    return may_see_ledger(user, str(kw.get("agreement_id", "")), str(kw.get("party", "")))


def _sees_penalty(user: Any, kw: Mapping[str, Any]) -> bool:
    from truce.penalties.api import may_see_ledger
    from truce.penalties.models import Penalty

    pk = _int(kw.get("penalty_id"))
    penalty = Penalty.objects.filter(pk=pk).first() if pk is not None else None
    return penalty is not None and may_see_ledger(user, penalty.agreement_id, penalty.party)


def _sees_meeting(user: Any, kw: Mapping[str, Any]) -> bool:
    from truce.meetings.visibility import meetings_visible_to

    pk = _int(kw.get("meeting_id"))
    return pk is not None and meetings_visible_to(user).filter(pk=pk).exists()


def _sees_lead(user: Any, kw: Mapping[str, Any]) -> bool:
    from truce.sources.visibility import leads_visible_to

    pk = _int(kw.get("lead_id"))
    return pk is not None and leads_visible_to(user).filter(pk=pk).exists()


def _sees_article(user: Any, kw: Mapping[str, Any]) -> bool:
    from truce.sources.visibility import articles_visible_to

    pk = _int(kw.get("article_id"))
    return pk is not None and articles_visible_to(user).filter(pk=pk).exists()


def _manages_token(user: Any, kw: Mapping[str, Any]) -> bool:
    from truce.accounts.actions import may_manage_token
    from truce.accounts.models import ApiToken

    pk = _int(kw.get("token_id"))
    token = ApiToken.objects.filter(pk=pk).first() if pk is not None else None
    return token is not None and may_manage_token(user, token)


def _owns_token(user: Any, kw: Mapping[str, Any]) -> bool:
    # Narrower than the action (which lets an admin rotate too): rotating shows the new token on the page
    # of whoever rotates, and the admin's pages may revoke a user's token but never see one.
    from truce.accounts.models import ApiToken

    pk = _int(kw.get("token_id"))
    return pk is not None and ApiToken.objects.filter(pk=pk, user_id=user.pk).exists()


def _administers_user(user: Any, kw: Mapping[str, Any]) -> bool:
    # Accounts are the admin's alone (truce.accounts.views._admin_only); to anyone else a user id names
    # nothing, like a page that does not exist.
    from truce.accounts.models import User
    from truce.accounts.roles import is_admin

    pk = _int(kw.get("user_id"))
    return pk is not None and is_admin(user) and User.objects.filter(pk=pk).exists()


# Keyed by the kind named in a Rule; each takes the user and the route's path parameters.
def _owns_notification(user: Any, kw: Mapping[str, Any]) -> bool:
    from truce.notifications.models import Notification

    pk = _int(kw.get("notification_id"))
    return pk is not None and Notification.objects.filter(pk=pk, user_id=user.pk).exists()


OBJECTS: dict[str, Callable[[Any, Mapping[str, Any]], bool]] = {
    "case": _sees_case,
    "report": _sees_report,
    "ruling": _sees_ruling,
    "ledger": _sees_ledger,
    "penalty": _sees_penalty,
    "meeting": _sees_meeting,
    "lead": _sees_lead,
    "article": _sees_article,
    "token": _manages_token,
    "own-token": _owns_token,
    "user": _administers_user,
    "notification": _owns_notification,
}


# --- the policy ---------------------------------------------------------------------------------------

PAGES: dict[str, Rule] = {
    # The dashboard: each viewer's own incidents (truce.web.incidents decides which); the admin's is a plain
    # page with no case content.
    "home": Rule(SIGNED_IN),
    "dashboard-map": Rule(SIGNED_IN),
    "dashboard-zones": Rule(SIGNED_IN),
    "login": Rule(EVERYONE),
    "logout": Rule(EVERYONE),
    "record": Rule(EVERYONE),
    # The calendar dates are shown in (remembered in the session): anyone signed in, for themselves.
    "calendar-choose": Rule(SIGNED_IN),
    # Password reset by e-mail: for whoever forgot theirs, so before signing in. Open to the signed in too,
    # as the login page is: an e-mailed link opened in a browser that holds a session must still work
    # (the link itself, one use and time-limited, is the only authority).
    "password-reset": Rule(EVERYONE),
    "password_reset_done": Rule(EVERYONE),
    "password-reset-confirm": Rule(EVERYONE),
    "password_reset_complete": Rule(EVERYONE),
    # The language menu on every page, the login page's included (truce.accounts.language).
    "set-language": Rule(EVERYONE),
    # The second factor, for the roles that give one; truce.accounts.middleware lets an unverified session
    # reach these (and only these, with the login and reset pages) before this check.
    "second-factor": Rule(SECOND_FACTOR),
    "second-factor-setup": Rule(SECOND_FACTOR),
    # Everyone's own API tokens; the admin may also revoke anyone's (from user-tokens).
    "token-list": Rule(SIGNED_IN),
    "token-revoke": Rule(SIGNED_IN, "token"),
    "token-rotate": Rule(SIGNED_IN, "own-token"),
    # The operator's pages: accounts only, nothing of any case (separation of duties).
    "user-list": Rule(ADMINS),
    "user-tokens": Rule(ADMINS, "user"),
    "user-act": Rule(ADMINS, "user"),
    "failed-logins": Rule(ADMINS),
    "case-list": Rule(SIGNED_IN),
    "case-detail": Rule(SEES_FINDINGS, "case"),
    "case-act": Rule(IN_AGREEMENT, "case"),
    "ledger": Rule(LEDGER_READERS, "ledger"),
    "penalty-decide": Rule(MEDIATORS, "penalty"),
    "inbox": Rule(SIGNED_IN),
    # Notices go to a case's people only: observers and the admin are sent none to mark.
    "inbox-read": Rule(IN_AGREEMENT, "notification"),
    "inbox-read-all": Rule(SIGNED_IN),
    "meeting-list": Rule(SIGNED_IN),
    "meeting-new": Rule(MEDIATORS),
    "meeting-detail": Rule(IN_AGREEMENT, "meeting"),
    "meeting-agenda-add": Rule(MEDIATORS, "meeting"),
    "meeting-decision-add": Rule(MEDIATORS, "meeting"),
    "meeting-close": Rule(MEDIATORS, "meeting"),
    "meeting-cancel": Rule(MEDIATORS, "meeting"),
    "meeting-dossier": Rule(IN_AGREEMENT, "meeting"),
    "lead-list": Rule(TRIAGERS),
    "lead-detail": Rule(TRIAGERS, "lead"),
    "lead-accept": Rule(TRIAGERS, "lead"),
    "lead-dismiss": Rule(TRIAGERS, "lead"),
    "report-list": Rule(SIGNED_IN),
    "report-new": Rule(FILERS),
    "report-detail": Rule(IN_AGREEMENT, "report"),
    "report-submit": Rule(FILERS, "report"),
    "evidence-add": Rule(IN_AGREEMENT, "report"),
    "evidence-download": Rule(IN_AGREEMENT, "report"),
    # A protected item's redacted rendition: whoever sees the report; added by its filing side or a mediator
    # (truce.reports.actions.do_add_rendition checks which).
    "evidence-rendition": Rule(IN_AGREEMENT, "report"),
    "rendition-add": Rule(FILERS | MEDIATORS, "report"),
    # Bulletins: public editions to anyone, signed in or not; a party's edition to its liaison officers and
    # the mediators; the confidential one to the mediators (truce.bulletins.visibility). Mediators publish.
    # The file routes name no object here because the object layer sees nothing for anonymous visitors,
    # who may read public editions: the views ask truce.bulletins.visibility and answer 404 alike.
    "bulletin-list": Rule(EVERYONE),
    "bulletin-file": Rule(EVERYONE),
    "bulletin-new": Rule(MEDIATORS),
    # Operations. /healthz is for load balancers and probes, signed in or not: it says whether the
    # instance can work and names what failed, nothing of any case (truce.health.checks). /metrics is for
    # the Prometheus scraper's own token and no role, the admin's included (docs/security.md).
    "healthz": Rule(EVERYONE),
    "metrics": Rule(frozenset(), token_setting="TRUCE_METRICS_TOKEN"),
    # The API's own pages (the schema clients generate code from, its docs).
    "api:openapi-json": Rule(EVERYONE),
    "api:openapi-view": Rule(EVERYONE),
    # ninja's root, only an anchor for reverse(): nothing is served there.
    "api:api-root": Rule(frozenset()),
}

# Keyed by operation id, as in /api/v1/openapi.json (ninja: module path and function name).
OPERATIONS: dict[str, Rule] = {
    "truce_agreements_api_list_agreements": Rule(EVERYONE),
    "truce_agreements_api_get_agreement": Rule(EVERYONE),
    "truce_reports_api_file_report": Rule(FILERS),
    "truce_reports_api_list_reports": Rule(SIGNED_IN),
    "truce_reports_api_get_report": Rule(IN_AGREEMENT, "report"),
    "truce_reports_api_submit_report": Rule(FILERS, "report"),
    "truce_reports_api_add_evidence": Rule(IN_AGREEMENT, "report"),
    "truce_reports_api_evidence_content": Rule(IN_AGREEMENT, "report"),
    "truce_reports_api_rendition_content": Rule(IN_AGREEMENT, "report"),
    "truce_reports_api_add_rendition": Rule(FILERS | MEDIATORS, "report"),
    "truce_cases_api_list_cases": Rule(SIGNED_IN),
    "truce_cases_api_get_case": Rule(SEES_FINDINGS, "case"),
    "truce_cases_api_list_case_reports": Rule(SEES_FINDINGS, "case"),
    "truce_cases_api_admit": Rule(MEDIATORS, "case"),
    "truce_cases_api_inadmissible": Rule(MEDIATORS, "case"),
    "truce_cases_api_start_investigation": Rule(MEDIATORS, "case"),
    "truce_cases_api_assign_monitor": Rule(MEDIATORS, "case"),
    # Site visits and access denials are what a monitor saw in the field; mediators add evidence instead.
    "truce_cases_api_log_visit": Rule(MONITORS, "case"),
    "truce_cases_api_record_denial": Rule(MONITORS, "case"),
    "truce_cases_api_add_case_evidence": Rule(INVESTIGATORS, "case"),
    "truce_cases_api_request_reply": Rule(MEDIATORS, "case"),
    "truce_cases_api_share": Rule(MEDIATORS, "case"),
    "truce_cases_api_submit_reply": Rule(PARTIES, "case"),
    "truce_cases_api_add_reply_evidence": Rule(PARTIES, "case"),
    "truce_cases_api_draft_ruling": Rule(MEDIATORS, "case"),
    "truce_cases_api_publish": Rule(MEDIATORS, "case"),
    "truce_cases_api_reopen": Rule(MEDIATORS, "case"),
    "truce_cases_api_join": Rule(MEDIATORS, "case"),
    "truce_cases_api_split": Rule(MEDIATORS, "case"),
    # Case evidence goes to the investigators; reply evidence to whoever sees the reply (observers too).
    "truce_cases_api_case_evidence_content": Rule(SEES_FINDINGS, "case"),
    "truce_cases_api_case_rendition_content": Rule(SEES_FINDINGS, "case"),
    "truce_rulings_api_get_ruling": Rule(SEES_FINDINGS, "ruling"),
    "truce_rulings_api_sign": Rule(MEDIATORS, "ruling"),
    "truce_penalties_api_get_ledger": Rule(LEDGER_READERS, "ledger"),
    "truce_penalties_api_confirm": Rule(MEDIATORS, "penalty"),
    "truce_penalties_api_decline": Rule(MEDIATORS, "penalty"),
    "truce_penalties_api_review": Rule(MEDIATORS, "ledger"),
    "truce_notifications_api_inbox": Rule(SIGNED_IN),
    "truce_notifications_api_mark_read": Rule(IN_AGREEMENT, "notification"),
    "truce_notifications_api_mark_all_read": Rule(SIGNED_IN),
    "truce_record_api_head": Rule(EVERYONE),
    "truce_record_api_record": Rule(EVERYONE),
    "truce_record_api_checkpoint": Rule(EVERYONE),
    "truce_record_api_checkpoint_of_size": Rule(EVERYONE),
    "truce_record_api_inclusion": Rule(EVERYONE),
    "truce_record_api_consistency": Rule(EVERYONE),
    "truce_record_api_entries": Rule(EVERYONE),
    "truce_record_api_tlog_proof": Rule(EVERYONE),
    "truce_meetings_api_list_meetings": Rule(SIGNED_IN),
    "truce_meetings_api_schedule_meeting": Rule(MEDIATORS),
    "truce_meetings_api_get_meeting": Rule(IN_AGREEMENT, "meeting"),
    "truce_meetings_api_add_to_agenda": Rule(MEDIATORS, "meeting"),
    "truce_meetings_api_record_decision": Rule(MEDIATORS, "meeting"),
    "truce_meetings_api_close_meeting": Rule(MEDIATORS, "meeting"),
    "truce_meetings_api_cancel_meeting": Rule(MEDIATORS, "meeting"),
    "truce_sources_api_list_leads": Rule(SIGNED_IN),
    "truce_sources_api_get_lead": Rule(TRIAGERS, "lead"),
    "truce_sources_api_accept_lead": Rule(TRIAGERS, "lead"),
    "truce_sources_api_dismiss_lead": Rule(TRIAGERS, "lead"),
    "truce_sources_api_get_article": Rule(TRIAGERS, "article"),
    "truce_sources_api_article_content": Rule(TRIAGERS, "article"),
    # Exports and statistics: what the caller may see (truce.exports.scope: observers the public scope);
    # never the admin (separation of duties). Importing a dataset as leads is the mediators'.
    "truce_exports_api_export_kind": Rule(SEES_FINDINGS),
    "truce_exports_api_import_acled": Rule(MEDIATORS),
    "truce_exports_api_get_stats": Rule(SEES_FINDINGS),
    "truce_bulletins_api_publish_bulletin": Rule(MEDIATORS),
    "truce_bulletins_api_list_bulletins": Rule(EVERYONE),
    "truce_bulletins_api_bulletin_file": Rule(EVERYONE),
}


# --- the decision -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """``status`` None: let the request through; else the status to refuse with, and why."""

    status: int | None
    message: str = ""
    field: str | None = None


ALLOW = Verdict(None)


def decide(rule: Rule | None, user: Any, kwargs: Mapping[str, Any], *, page: bool) -> Verdict:
    """Whether ``user`` may reach a route with ``rule`` and path parameters ``kwargs`` (for an API write
    about no single object, ``agreement_id`` is the agreement its body names, if any)."""
    if rule is None:
        # Fail closed: a route nobody declared is a route nobody may use.
        return Verdict(404, "no such page: this route has no access rule")
    role = role_of(user)
    if rule.obj is not None:
        noun = _NOUNS.get(rule.obj, rule.obj)
        visible = role != ANONYMOUS and OBJECTS[rule.obj](user, kwargs)
        if not visible:
            # The same words as the views' own "not found", so a refusal tells nothing a miss would not.
            return Verdict(404, f"no {noun} {_object_id(rule.obj, kwargs)}".rstrip(), noun)
        if role in rule.roles:
            return ALLOW
        return Verdict(403, f"a {role} may not do this; ask one of: {_names(rule.roles)}", noun)
    if role in rule.roles:
        return ALLOW
    if page:
        return Verdict(404, "no such page for you")
    named = kwargs.get("agreement_id")
    serves = getattr(user, "agreement_id", None)
    if not serves or (named and named != serves):
        # Whoever serves no agreement, or not the one the request names, cannot tell it exists.
        return Verdict(404, f"no agreement {named or ''}".rstrip(), "agreement")
    return Verdict(
        403, f"a {role} may not do this in an agreement; ask one of: {_names(rule.roles)}", "agreement"
    )


def bearer_matches(authorization: str, setting: str) -> bool:
    """Whether an ``Authorization`` header carries the bearer token the named setting holds, compared in
    constant time; an empty setting matches nothing."""
    from django.conf import settings

    expected = str(getattr(settings, setting, "") or "")
    scheme, _, token = authorization.partition(" ")
    return bool(expected) and scheme.lower() == "bearer" and hmac.compare_digest(token.strip(), expected)


# Object kinds whose name is not the word a user knows (nor the path parameter's).
_NOUNS = {"own-token": "token"}


def _object_id(obj: str, kwargs: Mapping[str, Any]) -> str:
    if obj == "ledger":
        return f"for {kwargs.get('party')!r} in {kwargs.get('agreement_id')!r}"
    return str(kwargs.get(f"{_NOUNS.get(obj, obj)}_id", ""))


def _names(roles: frozenset[str]) -> str:
    return ", ".join(role for role in ROLES if role in roles)


def page_rule(namespace: str, url_name: str | None) -> Rule | None:
    key = f"{namespace}:{url_name}" if namespace else str(url_name)
    return PAGES.get(key)
