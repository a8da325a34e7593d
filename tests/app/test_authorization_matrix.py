"""The authorisation matrix, generated: every page of the URL configuration and every operation of
/api/v1/openapi.json, tried by every actor on objects of both parties and both agreements.

The expected outcome of a cell comes from two places: the route's roles in the declared policy
(truce.access) and who may see the object, restated below (``SEES``) from the visibility rules of each
app, narrowed for some writes by the action's own rule (``NARROWER``). Every page or answer read is also
searched for the world's ``SECRETS`` the actor may not know. A route without a rule fails
``test_every_route_and_operation_has_an_access_rule``. A known hole still open would be an expected
failure, strict, naming the finding (``KNOWN_HOLES``): it fails the moment the fix lands, and the marker
must then go. The number of cells is printed at the end of the run.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.app.story import PASSWORD, ApiClient, incident, ingest_demo_articles, log_in, make_cast
from truce import access
from truce.accounts.actions import do_add_user, do_issue_token
from truce.accounts.models import ApiToken, User
from truce.api import api
from truce.instance import prepare_home
from truce.notifications.models import Notification
from truce.record.checkpoints import sign_checkpoint_now
from truce.record.tree import drop_cached_tree

ACTORS = ("qa", "tr", "monitor", "monitor2", "pk", "af", "observer", "admin", "outsider", "anonymous")


# --- the routes, read from the URL configuration and the schema -------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # page: URL name (namespace:name); operation: operation id
    method: str
    template: str  # path with {param} holes
    params: frozenset[str]
    page: bool
    label: str = ""  # the cell's name where one route is tried several ways (a case page's verbs)

    @property
    def rule(self) -> access.Rule | None:
        return access.PAGES.get(self.key) if self.page else access.OPERATIONS.get(self.key)


def _walk(patterns: list[Any], prefix: str, namespace: str) -> list[tuple[str, str]]:
    out = []
    for p in patterns:
        if isinstance(p, URLResolver):
            out += _walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace else str(p.name)
            out.append((name, prefix + str(p.pattern)))
    return out


PAGE_METHODS = {  # pages that only take POST (require_POST); every other page is read with GET
    "logout",
    "set-language",
    "calendar-choose",
    "case-act",
    "penalty-decide",
    "meeting-agenda-add",
    "meeting-decision-add",
    "meeting-close",
    "meeting-cancel",
    "lead-accept",
    "lead-dismiss",
    "report-submit",
    "evidence-add",
    "rendition-add",
    "token-revoke",
    "token-rotate",
    "user-act",
    "inbox-read",
    "inbox-read-all",
}


def _routes() -> list[Route]:
    routes = []
    schema = api.get_openapi_schema()
    operation_paths = set()
    for path, operations in schema["paths"].items():
        operation_paths.add(path)
        for method, op in operations.items():
            params = frozenset(re.findall(r"{(\w+)}", path))
            routes.append(Route(op["operationId"], method.upper(), path, params, page=False))
    for name, pattern in _walk(get_resolver().url_patterns, "/", ""):
        template = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", pattern)
        if template in operation_paths:
            continue  # an API operation: tried through its operation id above
        params = frozenset(re.findall(r"{(\w+)}", template))
        method = "POST" if name in PAGE_METHODS else "GET"
        routes.append(Route(name, method, template, params, page=True))
        for verb in CASE_VERBS if name == "case-act" else ():
            # A verb of the case page tried on its own, besides the ``verb`` the case objects fill.
            fixed = template.replace("{verb}", verb)
            routes.append(Route(name, method, fixed, params - {"verb"}, page=True, label=f"{name}-{verb}"))
    return routes


# Verbs of the case page (truce.web.case_views.VERBS) with cells of their own, and the form they post.
CASE_VERBS = {"share": {"party": "AF"}}


ROUTES = _routes()


def test_every_route_and_operation_has_an_access_rule():
    missing = [f"{r.method} {r.template} ({r.key})" for r in ROUTES if r.rule is None]
    assert not missing, "routes without a rule in truce/access.py (PAGES or OPERATIONS): " + ", ".join(
        missing
    )


def test_the_policy_names_no_route_that_does_not_exist():
    keys = {r.key for r in ROUTES}
    assert set(access.PAGES) | set(access.OPERATIONS) <= keys


# --- the world: objects of both parties and both agreements ------------------------------------------


@dataclass
class Obj:
    kind: str  # which path parameters it fills (see KINDS)
    kw: dict[str, Any]
    sees: set[str]  # actors who may see it (anonymous never does)
    extra: dict[str, Any] = field(default_factory=dict)


# Which object kinds fill which set of path parameters.
KINDS = {
    frozenset({"case_id"}): "case",
    frozenset({"case_id", "verb"}): "case",
    frozenset({"case_id", "evidence_id"}): "case-file",
    frozenset({"case_id", "reply_id"}): "reply",
    frozenset({"report_id"}): "report",
    frozenset({"report_id", "evidence_id"}): "report-file",
    frozenset({"ruling_id"}): "ruling",
    frozenset({"agreement_id", "party"}): "ledger",
    frozenset({"penalty_id"}): "penalty",
    frozenset({"agreement_id", "party", "penalty_id", "decision"}): "penalty",
    frozenset({"meeting_id"}): "meeting",
    frozenset({"lead_id"}): "lead",
    frozenset({"article_id"}): "article",
    frozenset({"agreement_id"}): "agreement",
    frozenset({"size"}): "size",
    frozenset({"token_id"}): "token",
    frozenset({"user_id"}): "user",
    frozenset({"user_id", "verb"}): "user",
    frozenset({"notification_id"}): "notification",
    frozenset({"uidb64", "token"}): "reset-link",
    frozenset({"kind", "fmt"}): "export",
    frozenset({"bulletin_id"}): "bulletin",
    frozenset(): "none",
}

# The visibility rules, restated per object (truce/*/visibility.py docstrings). ``monitor`` is assigned to
# cases P and A; ``monitor2`` to nothing.
MEDIATORS = {"qa", "tr"}
SEES = {
    "report:pk": MEDIATORS | {"pk", "af", "monitor"},  # PK's complaint in the published case P
    "report:pk-draft": {"pk"},
    "report:af": MEDIATORS | {"af", "pk", "monitor"},  # AF's complaint against PK, case A (assigned)
    "report:obs": MEDIATORS | {"monitor"},  # the monitor's observation, case O
    "report:ss": {"outsider"},
    "case:P": MEDIATORS | {"pk", "af", "monitor", "observer"},  # published
    "case:A": MEDIATORS | {"pk", "af", "monitor"},
    "case:O": MEDIATORS | {"monitor"},
    # The monitors' observation accusing Afghanistan, shared with it so that it may reply
    # (truce.cases.actions.replies.do_share_case).
    "case:S": MEDIATORS | {"monitor", "af"},
    "case:ss": {"outsider"},
    "ruling:P": MEDIATORS | {"pk", "af", "monitor", "observer"},
    "ruling:A-draft": MEDIATORS,
    "ledger:AF": MEDIATORS | {"af"},
    "ledger:PK": MEDIATORS | {"pk"},
    "ledger:ss": {"outsider"},
    "penalty:AF": MEDIATORS | {"af"},
    "meeting:pak": MEDIATORS | {"pk", "af", "monitor", "monitor2"},
    "meeting:ss": {"outsider"},
    "lead:pak": MEDIATORS | {"monitor", "monitor2"},
    "article:pak": MEDIATORS | {"monitor", "monitor2"},
    # An API token: its owner, and the admin who may revoke anyone's (truce.accounts.actions._token_for).
    **{f"token:{owner}": {owner, "admin"} for owner in ("pk", "qa", "monitor", "observer", "admin")},
    # Accounts: the admin's alone.
    "user:pk": {"admin"},
    "user:qa": {"admin"},
    # An inbox notice: its addressee's alone (truce.access._owns_notification).
    "notification:af": {"af"},
    "notification:qa": {"qa"},
    "notification:monitor": {"monitor"},
    # Published bulletins (truce.bulletins.visibility): a public edition anyone, signed in or not; a party's
    # edition its liaison officers and the mediators; the confidential edition the mediators.
    "bulletin:public": set(ACTORS),
    "bulletin:af": MEDIATORS | {"af"},
    "bulletin:confidential": MEDIATORS,
}


PROTECTED_DESCRIPTION = "Statement of the informant at the northern post"
REPLY_DESCRIPTION = "Account of the villager who saw the firing point"

# What must not reach an actor outside ``known``, on any page or in any answer (the dashboard's map
# included): protected sources and evidence, and what only the mechanism saw.
SECRETS = {
    "Informant near the post": MEDIATORS | {"pk"},  # protected source of Pakistan's complaint
    "A named villager": MEDIATORS | {"af"},  # protected source of Afghanistan's reply
    # Protected items whole: the mediators and the side that added them, not even an assigned monitor
    # (truce.reports.visibility.may_see_protected); the others get a stub and the rendition.
    "protected.jpg": MEDIATORS | {"pk"},
    PROTECTED_DESCRIPTION: MEDIATORS | {"pk"},
    "reply.jpg": MEDIATORS | {"af"},
    REPLY_DESCRIPTION: MEDIATORS | {"af"},
    "Mortar rounds at Kharlachi": MEDIATORS | {"monitor"},  # the urgent observation, never shared
    "Sniper fire at Ghulam Khan": MEDIATORS | {"monitor", "af"},  # an observation shared with Afghanistan
    "Gunfire heard at Torkham": MEDIATORS | {"monitor"},
    "A shopkeeper": MEDIATORS
    | {
        "monitor"
    },  # protected source of the monitor's investigation file  # an observation accusing nobody (case O)
    "torkham-witness.jpg": MEDIATORS | {"monitor"},  # protected evidence of that observation
    "ghulam-khan-witness.jpg": MEDIATORS | {"monitor"},  # protected evidence of the shared observation
    "A herdsman at Ghulam Khan": MEDIATORS | {"monitor"},  # its protected source
}


def _photo(name: str = "photo.jpg") -> io.BytesIO:
    photo = io.BytesIO(b"photograph " + name.encode())
    photo.name = name
    return photo


class _World(TestCase):
    """Only for its class-level transactions: the world is built once per module inside them and rolled
    back at the end, as Django's TestCase does for setUpTestData."""

    databases = {"default"}


def _ok(response: Any) -> Any:
    assert response.status_code < 300, response.content
    return response.json()


RULING = {
    "outcome": "violation",
    "commitment": "C1",
    "responsible_party": "AF",
    "confidence": "fair",
    "reasons": "The monitors' findings match the complaint.",
}


BULLETIN = {
    "agreement": "pak-afg-2025",
    "period": "week",
    "edition": "public",
    "language": "en",
    "format": "html",
    "as_of": "2025-10-28",
}


MEETING = {
    "kind": "joint_commission",
    "scheduled_for": (dt.datetime.now(dt.UTC) + dt.timedelta(days=5)).isoformat(),
    "place": "Istanbul",
    "title": "First session",
}


def _south_sudan_mediator(cast: Any) -> Any:
    """A mediator of the other agreement, only to schedule a meeting there (the story's cast has none)."""
    user = do_add_user(
        "ss-mediator",
        role="mediator",
        organisation="CTSAMVM",
        agreement_id="south-sudan-2018",
        password=PASSWORD,
        acting_user=None,
    )
    return ApiClient(do_issue_token(user, acting_user=None))


def _build(cast: Any) -> dict[str, Obj]:
    a = cast.api
    qa = a["qa"]
    objs: dict[str, Obj] = {}

    # Case P: Pakistan's complaint (with a protected source) taken all the way to publication.
    pk = _ok(a["pk"].file_report())
    prot = _ok(
        a["pk"].add_file(
            pk["id"],
            name="protected.jpg",
            description=PROTECTED_DESCRIPTION,
            obtained_from="Informant near the post",
            source_protected="true",
        )
    )
    # Its redacted rendition, which the accused party sees in its place.
    _ok(a["pk"].upload(f"/api/v1/reports/{pk['id']}/evidence/{prot['id']}/rendition", {"file": _photo()}))
    case_p = pk["case"]
    _ok(qa.post(f"/api/v1/cases/{case_p}/admit"))
    _ok(qa.post(f"/api/v1/cases/{case_p}/monitors", {"monitor": "monitor"}))
    _ok(qa.post(f"/api/v1/cases/{case_p}/reply-request"))
    reply = _ok(a["af"].post(f"/api/v1/cases/{case_p}/replies", {"text": "We deny it."}))
    reply_file = _ok(
        a["af"].upload(
            f"/api/v1/cases/{case_p}/replies/{reply['id']}/evidence",
            {
                "file": _photo("reply.jpg"),
                "description": REPLY_DESCRIPTION,
                "obtained_from": "A named villager",
                "source_protected": "true",
            },
        )
    )
    plain_reply_file = _ok(
        a["af"].upload(
            f"/api/v1/cases/{case_p}/replies/{reply['id']}/evidence",
            {"file": _photo("reply-plain.jpg"), "reliability": "B", "credibility": "2"},
        )
    )
    ruling_p = _ok(qa.post(f"/api/v1/cases/{case_p}/rulings", RULING))["id"]
    _ok(qa.post(f"/api/v1/rulings/{ruling_p}/signatures"))
    _ok(a["tr"].post(f"/api/v1/rulings/{ruling_p}/signatures"))
    if qa.get(f"/api/v1/cases/{case_p}").json()["status"] != "published":  # publish_after = "ruling"
        _ok(qa.post(f"/api/v1/cases/{case_p}/publish"))
    ledger = _ok(qa.get("/api/v1/penalties/ledger/pak-afg-2025/AF"))
    penalty = next(p["id"] for p in ledger["penalties"] if p["status"] == "proposed")

    # Case A: Afghanistan's complaint against Pakistan, investigated, replied to, a draft ruling.
    af = _ok(
        a["af"].file_report(
            incident=incident(
                accused_party="PK",
                title="Shelling of Spin Boldak",
                location={"name": "Spin Boldak", "country": "AF", "lat": 31.0058, "lon": 66.3997},
            )
        )
    )
    case_a = af["case"]
    plain = _ok(a["af"].add_file(af["id"], name="crater.jpg"))
    _ok(qa.post(f"/api/v1/cases/{case_a}/admit"))
    _ok(qa.post(f"/api/v1/cases/{case_a}/monitors", {"monitor": "monitor"}))
    case_file = _ok(a["monitor"].upload(f"/api/v1/cases/{case_a}/evidence", {"file": _photo("site.jpg")}))
    protected_case_file = _ok(
        a["monitor"].upload(
            f"/api/v1/cases/{case_a}/evidence",
            {"file": _photo("site-witness.jpg"), "source_protected": "true", "obtained_from": "A shopkeeper"},
        )
    )
    _ok(qa.post(f"/api/v1/cases/{case_a}/reply-request"))
    reply_a = _ok(a["pk"].post(f"/api/v1/cases/{case_a}/replies", {"text": "Not us."}))
    ruling_a = _ok(qa.post(f"/api/v1/cases/{case_a}/rulings", {**RULING, "responsible_party": "PK"}))["id"]

    draft = _ok(a["pk"].file_report(draft=True, incident=incident(title="Drone seen over Angoor Adda")))
    obs = _ok(
        a["monitor"].file_report(
            incident=incident(
                accused_party="",
                commitments=[],
                title="Gunfire heard at Torkham",
                sub_event_type="Armed clash",
                location={
                    "name": "Torkham",
                    "country": "PK",
                    "admin1": "Khyber Pakhtunkhwa",
                    "lat": 34.10,
                    "lon": 71.09,
                    "geo_precision": 1,
                },
            )
        )
    )
    ss = _ok(
        a["outsider"].file_report(
            agreement="south-sudan-2018",
            incident=incident(
                title="Clash near Yei",
                sub_event_type="Armed clash",
                location={"name": "Yei", "country": "SS", "lat": 4.0904, "lon": 30.6779},
                commitments=["PC1"],
                accused_party="TGONU",
                actors=[],
            ),
        )
    )
    meeting = _ok(qa.post("/api/v1/meetings", {**MEETING, "agreement": "pak-afg-2025"}))
    _ok(qa.post(f"/api/v1/meetings/{meeting['id']}/agenda", {"case": case_a}))
    meeting_ss = _ok(
        _south_sudan_mediator(cast).post("/api/v1/meetings", {**MEETING, "agreement": "south-sudan-2018"})
    )
    # The monitor's own protected file on the observation: a filer other than a party who adds renditions.
    obs_file = _ok(a["monitor"].add_file(obs["id"], name="torkham-witness.jpg", source_protected="true"))
    _ok(
        a["monitor"].upload(
            f"/api/v1/reports/{obs['id']}/evidence/{obs_file['id']}/rendition", {"file": _photo()}
        )
    )
    _case_rendition(reply_file["id"], cast.users["af"])
    _case_rendition(protected_case_file["id"], cast.users["monitor"])
    lead, article = _lead()
    case_s = _observations(cast)

    def rep(name: str, report: dict[str, Any]) -> None:
        objs[f"report:{name}"] = Obj("report", {"report_id": report["id"]}, SEES[f"report:{name}"])

    rep("pk", pk)
    rep("pk-draft", draft)
    rep("af", af)
    rep("obs", obs)
    rep("ss", ss)
    for name, case in (("P", case_p), ("A", case_a), ("O", obs["case"]), ("S", case_s), ("ss", ss["case"])):
        objs[f"case:{name}"] = Obj("case", {"case_id": case, "verb": "admit"}, SEES[f"case:{name}"])
    # Report files: who sees the report sees its files, except a protected one, whole only to the
    # mediators and the filing side (truce.reports.visibility.may_see_protected); the others who see the
    # report get its rendition in its place. ``sees``: the original; ``rendition``: the redacted
    # rendition (none for an unprotected file); ``report``: the report a rendition is added to.
    objs["report-file:protected"] = Obj(
        "report-file",
        {"report_id": pk["id"], "evidence_id": prot["id"]},
        MEDIATORS | {"pk"},
        {"rendition": SEES["report:pk"], "report": SEES["report:pk"]},
    )
    objs["report-file:plain"] = Obj(
        "report-file",
        {"report_id": af["id"], "evidence_id": plain["id"]},
        SEES["report:af"],
        {"rendition": set(), "report": SEES["report:af"]},
    )
    objs["report-file:obs-protected"] = Obj(
        "report-file",
        {"report_id": obs["id"], "evidence_id": obs_file["id"]},
        SEES["report:obs"],
        {"rendition": SEES["report:obs"], "report": SEES["report:obs"]},
    )
    # Case files: the investigation's to the investigators; a reply's to whoever sees the reply
    # (truce.cases.visibility.sees_reply: the parties once ruled, observers once published; not monitors),
    # except a protected one, whole only to the mediators and the replying side; the others who see the
    # reply get its rendition.
    sees_reply_p = MEDIATORS | {"pk", "af", "observer"}
    objs["case-file:investigation"] = Obj(
        "case-file",
        {"case_id": case_a, "evidence_id": case_file["id"]},
        MEDIATORS | {"monitor"},
        {"rendition": set()},
    )
    # A protected investigation file: whole to the mediators and the monitor who added it; its rendition
    # to whoever sees the investigation (the same people here).
    objs["case-file:protected-investigation"] = Obj(
        "case-file",
        {"case_id": case_a, "evidence_id": protected_case_file["id"]},
        MEDIATORS | {"monitor"},
        {"rendition": MEDIATORS | {"monitor"}},
    )
    objs["case-file:protected-reply"] = Obj(
        "case-file",
        {"case_id": case_p, "evidence_id": reply_file["id"]},
        MEDIATORS | {"af"},
        {"rendition": sees_reply_p},
    )
    objs["case-file:plain-reply"] = Obj(
        "case-file",
        {"case_id": case_p, "evidence_id": plain_reply_file["id"]},
        sees_reply_p,
        {"rendition": set()},
    )
    objs["reply:P"] = Obj("reply", {"case_id": case_p, "reply_id": reply["id"]}, SEES["case:P"])
    objs["reply:A"] = Obj("reply", {"case_id": case_a, "reply_id": reply_a["id"]}, SEES["case:A"])
    objs["ruling:P"] = Obj("ruling", {"ruling_id": ruling_p}, SEES["ruling:P"])
    objs["ruling:A-draft"] = Obj("ruling", {"ruling_id": ruling_a}, SEES["ruling:A-draft"])
    for name, agreement, party in (
        ("AF", "pak-afg-2025", "AF"),
        ("PK", "pak-afg-2025", "PK"),
        ("ss", "south-sudan-2018", "SPLM-IO"),
    ):
        objs[f"ledger:{name}"] = Obj(
            "ledger", {"agreement_id": agreement, "party": party}, SEES[f"ledger:{name}"]
        )
    objs["penalty:AF"] = Obj(
        "penalty",
        {"penalty_id": penalty, "agreement_id": "pak-afg-2025", "party": "AF", "decision": "confirm"},
        SEES["penalty:AF"],
    )
    objs["meeting:pak"] = Obj("meeting", {"meeting_id": meeting["id"]}, SEES["meeting:pak"])
    objs["meeting:ss"] = Obj("meeting", {"meeting_id": meeting_ss["id"]}, SEES["meeting:ss"])
    objs["lead:pak"] = Obj("lead", {"lead_id": lead}, SEES["lead:pak"])
    objs["article:pak"] = Obj("article", {"article_id": article}, SEES["article:pak"])
    objs["agreement:pak"] = Obj("agreement", {"agreement_id": "pak-afg-2025"}, set(ACTORS))
    objs["size:signed"] = Obj("size", {"size": 0}, set(ACTORS))  # set once the checkpoint is signed
    objs["none"] = Obj("none", {}, set(ACTORS))
    # Exports: of what the caller sees, so every role of an agreement gets one of its own (observers the
    # public's); the admin none. Their content is searched for SECRETS like any answer.
    for name, (kind, fmt) in EXPORTS.items():
        objs[name] = Obj("export", {"kind": kind, "fmt": fmt}, set(ACTORS) - {"admin", "anonymous"})
    # Tokens of their own, not the ones the actors call the API with, so revoking one in a cell changes
    # nothing another cell relies on (each cell is rolled back anyway).
    for owner in ("pk", "qa", "monitor", "observer", "admin"):
        user = cast.users[owner]
        do_issue_token(user, acting_user=None)
        token = ApiToken.objects.filter(user=user).latest("pk").pk
        objs[f"token:{owner}"] = Obj("token", {"token_id": token}, SEES[f"token:{owner}"])
    for name in ("pk", "qa"):
        objs[f"user:{name}"] = Obj(
            "user", {"user_id": cast.users[name].pk, "verb": "deactivate"}, SEES[f"user:{name}"]
        )
    # A reset link anyone who holds it may open; made once the actors have logged in (see world), since a
    # login changes what the link's token is computed from.
    objs["reset-link:pk"] = Obj("reset-link", {}, set(ACTORS))
    for owner in ("af", "qa", "monitor"):
        notice = Notification.objects.filter(user=cast.users[owner]).order_by("id").first()
        assert notice is not None, f"the world sent {owner} no notice"
        objs[f"notification:{owner}"] = Obj(
            "notification", {"notification_id": notice.pk}, SEES[f"notification:{owner}"]
        )
    # A week's bulletins of the world's incidents (26-27 October 2025), one of each edition, as HTML so the
    # leak check reads them; their content is searched for SECRETS like any answer.
    for name, edition, party in (
        ("public", "public", ""),
        ("af", "party", "AF"),
        ("confidential", "confidential", ""),
    ):
        published = _ok(qa.post("/api/v1/bulletins", {**BULLETIN, "edition": edition, "party": party}))
        objs[f"bulletin:{name}"] = Obj("bulletin", {"bulletin_id": published["id"]}, SEES[f"bulletin:{name}"])
    # Ids that request bodies name (see BODIES).
    objs["ids"] = Obj("ids", {"case_O": obs["case"], "case_A": case_a, "report_af": af["id"]}, set())
    return objs


KHARLACHI = {
    "name": "Kharlachi",
    "country": "PK",
    "admin1": "Khyber Pakhtunkhwa",
    "lat": 33.8833,
    "lon": 70.05,
}
URGENT_TITLE = "Mortar rounds at Kharlachi"
REPLY_REQUESTED_TITLE = "Sniper fire at Ghulam Khan"


def _case_rendition(evidence_id: int, added_by: Any) -> None:
    """A redacted rendition of a protected reply or investigation file. No action adds one yet
    (do_add_rendition takes a report's evidence only), so it is stored as that action stores one, for
    the route that serves it (truce_cases_api_case_rendition_content) to have something to serve."""
    from truce.reports import evidence_store
    from truce.reports.models import Evidence, EvidenceRendition

    evidence = Evidence.objects.get(pk=evidence_id)
    stored = evidence_store.put_rendition(evidence.sha256, b"redacted reply photograph")
    EvidenceRendition.objects.create(
        evidence=evidence,
        sha256=stored.sha256,
        size=stored.size,
        media_type="application/octet-stream",
        added_by=added_by,
        added_at=dt.datetime.now(dt.UTC),
    )


def _observations(cast: Any) -> int:
    """An urgent observation accusing Afghanistan, never shared (its alert must not reach Afghanistan),
    with Pakistan's complaint of the same incident (which opens a case of its own: a party's complaint
    joins only cases it sees); and an observation accusing Afghanistan, shared with it and put to it for a
    reply. Returns the shared case."""
    a, qa = cast.api, cast.api["qa"]
    observed = {
        "accused_party": "AF",
        "sub_event_type": "Shelling/artillery/missile attack",
        "date": "2025-10-27",
        "location": KHARLACHI,
    }
    _ok(a["monitor"].file_report(urgent=True, incident=incident(title=URGENT_TITLE, **observed)))
    _ok(a["pk"].file_report(incident=incident(title="Shells fell on Kharlachi market", **observed)))
    sniper = _ok(
        a["monitor"].file_report(
            incident=incident(
                title=REPLY_REQUESTED_TITLE,
                sub_event_type="Armed clash",
                date="2025-10-26",
                location={"name": "Ghulam Khan", "country": "PK", "lat": 33.2333, "lon": 70.0833},
            )
        )
    )
    # Withheld whole from Afghanistan even once the case is shared with it.
    _ok(
        a["monitor"].add_file(
            sniper["id"],
            name="ghulam-khan-witness.jpg",
            obtained_from="A herdsman at Ghulam Khan",
            source_protected="true",
        )
    )
    _ok(qa.post(f"/api/v1/cases/{sniper['case']}/admit"))
    _ok(qa.post(f"/api/v1/cases/{sniper['case']}/monitors", {"monitor": "monitor"}))
    _ok(qa.post(f"/api/v1/cases/{sniper['case']}/share", {"party": "AF"}))
    _ok(qa.post(f"/api/v1/cases/{sniper['case']}/reply-request"))
    return int(sniper["case"])


def _lead() -> tuple[int, int]:
    from truce.sources.models import Article, Lead

    ingest_demo_articles()
    return Lead.objects.get().pk, Article.objects.filter(agreement_id="pak-afg-2025").first().pk  # type: ignore[union-attr]


@dataclass
class World:
    objs: dict[str, Obj]
    users: dict[str, Any]
    tokens: dict[str, dict[str, str]]
    pages: dict[str, Client]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    home = tmp_path_factory.mktemp("matrix-home")
    with (
        django_db_blocker.unblock(),
        override_settings(
            TRUCE_HOME=home, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
        ),
    ):
        atomics = _World._enter_atomics()
        try:
            prepare_home()  # the record's signing key, so the public record answers
            drop_cached_tree()
            cast = make_cast()
            objs = _build(cast)
            checkpoint = sign_checkpoint_now(force=True)
            assert checkpoint is not None
            objs["size:signed"].kw["size"] = checkpoint.size
            pages: dict[str, Client] = {}
            for name in ACTORS:
                pages[name] = Client()
                if name != "anonymous":
                    log_in(pages[name], cast.users[name])
            pk = User.objects.get(pk=cast.pk.pk)  # last_login as the login above left it: the token hashes it
            objs["reset-link:pk"].kw.update(
                uidb64=urlsafe_base64_encode(force_bytes(pk.pk)),
                token=default_token_generator.make_token(pk),
            )
            tokens = {name: cast.api[name].headers for name in ACTORS}
            yield World(objs, dict(cast.users), tokens, pages)
        finally:
            _World._rollback_atomics(atomics)
            drop_cached_tree()


# --- the cells ---------------------------------------------------------------------------------------

# Writes whose action narrows the route's roles further on a particular object (the action's own check,
# answered 403 because the actor can see the object): the expected outcome restates that rule.
FILED_BY = {
    "report:pk": "pk",
    "report:pk-draft": "pk",
    "report:af": "af",
    "report:obs": "monitor",
    "report:ss": "outsider",
}
ACCUSED = {"case:P": "af", "case:A": "pk", "case:S": "af", "reply:P": "af", "reply:A": "pk"}
# The report a file object is on, for the narrower rule of adding a rendition to it.
REPORT_OF = {
    "report-file:protected": "report:pk",
    "report-file:plain": "report:af",
    "report-file:obs-protected": "report:obs",
}
ASSIGNED = {"case:P", "case:A", "case:S"}  # the cases ``monitor`` is assigned to


def _investigates(actor: str, name: str) -> bool:
    return actor in MEDIATORS or (actor == "monitor" and name in ASSIGNED)


NARROWER: dict[str, Any] = {
    # Penalties are exported to the ledger's readers: the mediators and the penalised party.
    "truce_exports_api_export_kind": lambda actor, name: (
        name not in NOT_PUBLIC_EXPORTS or _ROLE.get(actor) in ("mediator", "liaison")
    ),
    "truce_reports_api_submit_report": lambda actor, name: FILED_BY.get(name) == actor,
    "report-submit": lambda actor, name: FILED_BY.get(name) == actor,
    # Evidence on a report: the filing side and the mediators (an assigned monitor adds to the case).
    "truce_reports_api_add_evidence": lambda actor, name: actor in MEDIATORS or FILED_BY.get(name) == actor,
    "evidence-add": lambda actor, name: actor in MEDIATORS or FILED_BY.get(name) == actor,
    # A redacted rendition: the filing side or a mediator (truce.reports.actions.do_add_rendition).
    "truce_reports_api_add_rendition": lambda actor, name: (
        actor in MEDIATORS or FILED_BY.get(REPORT_OF.get(name, "")) == actor
    ),
    "rendition-add": lambda actor, name: actor in MEDIATORS or FILED_BY.get(REPORT_OF.get(name, "")) == actor,
    # Sharing a case with the accused party: a mediator's (truce.cases.actions.replies.do_share_case).
    "case-act-share": lambda actor, name: actor in MEDIATORS,
    "truce_cases_api_submit_reply": lambda actor, name: ACCUSED.get(name) == actor,
    "truce_cases_api_add_reply_evidence": lambda actor, name: ACCUSED.get(name) == actor,
    "truce_cases_api_log_visit": _investigates,
    "truce_cases_api_record_denial": _investigates,
    "truce_cases_api_add_case_evidence": _investigates,
}

# Who serves which agreement: an API write about no single object names its agreement in the body
# (pak-afg-2025 in BODIES), and whoever does not serve it cannot tell it exists.
SERVES_PAK_AFG = {"qa", "tr", "monitor", "monitor2", "pk", "af"}
NAMES_AGREEMENT = {
    "truce_reports_api_file_report",
    "truce_meetings_api_schedule_meeting",
    "truce_bulletins_api_publish_bulletin",
}

# Cells of known holes being fixed elsewhere: (route key, actor, object) -> finding. Findings 1-4 and 8
# (protected evidence, urgent alerts, case titles, reply requests, joining published cases) are fixed and
# their cells pass.
KNOWN_HOLES: dict[tuple[str, str, str], str] = {}


def _cells() -> list[Any]:
    cells = []
    for route in ROUTES:
        kind = KINDS.get(route.params)
        assert kind is not None, f"no object kind fills {sorted(route.params)} of {route.template}"
        names = [n for n in _OBJECT_NAMES if n.split(":")[0] == kind] or [kind]
        for actor in ACTORS:
            for name in names:
                marks = []
                hole = KNOWN_HOLES.get((route.key, actor, name))
                if hole:
                    marks.append(pytest.mark.xfail(strict=True, reason=hole))
                key = route.label or route.key
                cells.append(pytest.param(route, actor, name, id=f"{key}-{actor}-{name}", marks=marks))
    return cells


EXPORTS = {
    "export:incidents-json": ("incidents", "json"),
    "export:cases-geojson": ("cases", "geojson"),
    "export:rulings-csv": ("rulings", "csv"),
    "export:penalties-csv": ("penalties", "csv"),
    "export:incidents-acled": ("incidents", "acled"),
}
NOT_PUBLIC_EXPORTS = {"export:penalties-csv"}  # the ledger's readers only (truce.exports.rows)


# Object names are known before the world exists (ids are not): the cells are generated from these.
_OBJECT_NAMES = [
    *[f"report:{n}" for n in ("pk", "pk-draft", "af", "obs", "ss")],
    *[f"case:{n}" for n in ("P", "A", "O", "S", "ss")],
    "report-file:protected",
    "report-file:plain",
    "report-file:obs-protected",
    "case-file:investigation",
    "case-file:protected-investigation",
    "case-file:protected-reply",
    "case-file:plain-reply",
    "reply:P",
    "reply:A",
    "ruling:P",
    "ruling:A-draft",
    "ledger:AF",
    "ledger:PK",
    "ledger:ss",
    "penalty:AF",
    "meeting:pak",
    "meeting:ss",
    "lead:pak",
    "article:pak",
    "agreement:pak",
    "size:signed",
    *[f"token:{n}" for n in ("pk", "qa", "monitor", "observer", "admin")],
    "user:pk",
    "user:qa",
    "reset-link:pk",
    "notification:af",
    "notification:qa",
    "notification:monitor",
    *EXPORTS,
    "bulletin:public",
    "bulletin:af",
    "bulletin:confidential",
]

QUERIES = {  # read operations that need query parameters to answer at all
    "truce_exports_api_get_stats": {"by": "type"},
    "truce_record_api_inclusion": {"index": 0},
    "truce_record_api_consistency": {"from": 1, "to": 2},
    "truce_record_api_tlog_proof": {"index": 0},
}

CELLS = _cells()


def _recent() -> str:
    return (dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)).isoformat()


def _file() -> dict[str, Any]:
    return {"file": _photo(), "reliability": "B", "credibility": "2"}


# A valid body for each API write, so that an actor the route admits reaches the action's own check (not
# a validation error); ``ids`` are the world's. Refused actors are refused before the body is read.
BODIES: dict[str, Any] = {
    "truce_reports_api_file_report": lambda ids: {"agreement": "pak-afg-2025", "incident": incident()},
    "truce_reports_api_submit_report": lambda ids: {},
    "truce_cases_api_inadmissible": lambda ids: {"reason": "Before the ceasefire."},
    "truce_cases_api_assign_monitor": lambda ids: {"monitor": "monitor2"},
    "truce_cases_api_log_visit": lambda ids: {
        "visited_at": _recent(),
        "place": "Post",
        "findings": "Craters.",
    },
    "truce_cases_api_record_denial": lambda ids: {
        "denied_by_party": "AF",
        "denied_at": _recent(),
        "place": "Checkpoint",
    },
    "truce_cases_api_submit_reply": lambda ids: {"text": "Our account."},
    "truce_cases_api_draft_ruling": lambda ids: RULING,
    "truce_cases_api_reopen": lambda ids: {"reason": "New evidence."},
    "truce_cases_api_join": lambda ids: {"into": ids["case_A"]},
    "truce_cases_api_split": lambda ids: {"reports": [ids["report_af"]]},
    "truce_cases_api_share": lambda ids: {"party": "AF"},
    "truce_penalties_api_confirm": lambda ids: {"reason": "Agreed."},
    "truce_penalties_api_decline": lambda ids: {"reason": "Not now."},
    "truce_meetings_api_schedule_meeting": lambda ids: {
        "agreement": "pak-afg-2025",
        "kind": "joint_commission",
        "scheduled_for": (dt.datetime.now(dt.UTC) + dt.timedelta(days=6)).isoformat(),
        "place": "Doha",
        "title": "Second session",
    },
    "truce_meetings_api_add_to_agenda": lambda ids: {"case": ids["case_O"]},
    "truce_meetings_api_record_decision": lambda ids: {"case": ids["case_A"], "text": "Revisit."},
    "truce_meetings_api_close_meeting": lambda ids: {"attendance": ["QA", "TR"]},
    "truce_meetings_api_cancel_meeting": lambda ids: {"reason": "Postponed."},
    "truce_sources_api_accept_lead": lambda ids: {"title": "Shelling near Chaman", "commitments": ["C1"]},
    "truce_sources_api_dismiss_lead": lambda ids: {"reason": "Old news."},
    "truce_bulletins_api_publish_bulletin": lambda ids: BULLETIN,
}
PAGE_UPLOADS = {"rendition-add"}  # page forms that take a file, sent one so the action's own check runs
UPLOADS = {
    "truce_reports_api_add_evidence",
    "truce_reports_api_add_rendition",
    "truce_cases_api_add_case_evidence",
    "truce_cases_api_add_reply_evidence",
}


def _request(world: World, route: Route, actor: str, obj: Obj) -> Any:
    path = route.template.format(**obj.kw)
    if route.page:
        client = world.pages[actor]
        if route.key == "logout" and actor != "anonymous":
            # Logging out ends the session; the actor's shared client must keep its own.
            client = Client()
            log_in(client, world.users[actor])
        if route.method == "GET":
            return client.get(path)
        if route.key in PAGE_UPLOADS:
            return client.post(path, {"file": _photo()})
        return client.post(path, CASE_VERBS.get(route.label.removeprefix("case-act-"), {}))
    client = Client()
    headers = world.tokens[actor]
    if route.method == "GET":
        return client.get(path, QUERIES.get(route.key, {}), headers=headers)
    if route.key in UPLOADS:
        return client.post(path, _file(), headers=headers)
    body = BODIES.get(route.key, lambda ids: {})(world.objs["ids"].kw)
    return client.post(path, body, content_type="application/json", headers=headers)


def _expected(route: Route, actor: str, name: str, obj: Obj) -> str:
    """'reach', 'login', 'unauthenticated', 'hidden' (404) or 'refused' (403, or 404 where the policy
    says so)."""
    rule = route.rule
    assert rule is not None
    role = access.ANONYMOUS if actor == "anonymous" else _ROLE[actor]
    if role == access.ANONYMOUS and access.ANONYMOUS not in rule.roles:
        if route.key.startswith("api:"):
            return "hidden"  # the API's own pages send nobody to the login form
        return "login" if route.page else "unauthenticated"
    sees = obj.extra[ROUTE_OBJECT[route.key]] if route.key in ROUTE_OBJECT else obj.sees
    if actor not in sees or not ROUTE_SEES.get(route.key, lambda actor, name: True)(actor, name):
        return "hidden"
    if route.key in NAMES_AGREEMENT and actor not in SERVES_PAK_AFG:
        return "hidden"
    if role not in rule.roles:
        return "refused"
    narrower = NARROWER.get(route.label or route.key)
    if narrower is not None and not narrower(actor, name):
        # Pages report an action's refusal on the page itself (a message, or the form again).
        return "declined" if route.page else "refused"
    return "reach"


# Routes about a file's rendition or its report rather than the original: which of the file object's
# ``extra`` sets says who sees what the route names.
ROUTE_OBJECT = {
    "truce_reports_api_rendition_content": "rendition",
    "evidence-rendition": "rendition",
    "truce_cases_api_case_rendition_content": "rendition",
    "truce_reports_api_add_rendition": "report",
    "rendition-add": "report",
}

# Routes whose object a narrower rule than the object's own visibility hides (404, like a missing one).
ROUTE_SEES: dict[str, Any] = {
    # Rotating shows the new token to whoever rotates: only its owner, not the admin (truce.access).
    "token-rotate": lambda actor, name: name == f"token:{actor}",
}

REDIRECTS = {
    # Every actor of the world has given their second factor already (or needs none): sent on.
    "second-factor",
    "second-factor-setup",
    # A valid link moves its token into the session and sends the visitor to the set-password form.
    "password-reset-confirm",
}

_ROLE = {
    "qa": "mediator",
    "tr": "mediator",
    "monitor": "monitor",
    "monitor2": "monitor",
    "pk": "liaison",
    "af": "liaison",
    "observer": "observer",
    "admin": "admin",
    "outsider": "liaison",
}


# django_db: each cell runs in its own transaction inside the world's, so a write it makes is undone.
@pytest.mark.django_db
@pytest.mark.parametrize(("route", "actor", "name"), CELLS)
def test_cell(world, route, actor, name):  # type: ignore[no-untyped-def]
    obj = world.objs[name] if name in world.objs else world.objs["none"]
    expected = _expected(route, actor, name, obj)
    response = _request(world, route, actor, obj)
    status = response.status_code
    where = f"{route.method} {route.template.format(**obj.kw)} as {actor}: {status} ({expected})"
    if expected == "login":
        assert status == 302 and "/login/" in response["Location"], where
    elif expected == "unauthenticated":
        assert status == 401, where
    elif expected == "hidden":
        assert status == 404, where
    elif expected == "refused":
        assert status in (403, 404), where
    elif expected == "declined":
        assert status in (302, 400, 403, 404), where
        if status == 302:
            shown = world.pages[actor].get(response["Location"]).content.decode()
            assert 'class="error"' in shown, where + ": redirected without saying why"
    elif route.key in REDIRECTS:
        assert status == 302, where
    elif route.method == "GET":
        assert status == 200, where
        _assert_no_secret(response, actor, where)
    else:
        assert status not in (401, 403, 404), where


def _assert_no_secret(response: Any, actor: str, where: str) -> None:
    if getattr(response, "streaming", False) and response.has_header("X-Truce-Scope"):
        # An export (truce.exports): a download of data, searched like any answer.
        assert response["Content-Disposition"].startswith("attachment;"), where
        body = b"".join(response.streaming_content).decode("utf-8", "replace")
        leaked = [secret for secret, known in SECRETS.items() if actor not in known and secret in body]
        assert not leaked, f"{where} shows {leaked}"
        return
    if getattr(response, "streaming", False):
        # A file's own bytes (the file routes are cells of their own): never shown by the browser as a
        # page, whatever they hold (truce.reports.api.serve_file, truce.web.views; the nosniff header from
        # SECURE_CONTENT_TYPE_NOSNIFF).
        assert response["Content-Type"] == "application/octet-stream", where
        assert response["Content-Disposition"].startswith("attachment;"), where
        assert response["X-Content-Type-Options"] == "nosniff", where
        return
    body = response.content.decode("utf-8", "replace")
    leaked = [secret for secret, known in SECRETS.items() if actor not in known and secret in body]
    assert not leaked, f"{where} shows {leaked}"


@pytest.mark.django_db
def test_the_accused_party_is_asked_to_reply_only_to_cases_it_can_see(world):  # type: ignore[no-untyped-def]
    client, headers = Client(), world.tokens["af"]
    asked = [
        n["case"]["id"]
        for n in client.get("/api/v1/inbox", headers=headers).json()
        if n["kind"] == "reply_requested"
    ]
    assert asked, "the world sends Afghanistan at least one reply request"
    for case in asked:
        assert client.get(f"/api/v1/cases/{case}", headers=headers).status_code == 200, f"case {case}"


@pytest.mark.django_db
def test_a_new_complaint_of_a_published_cases_incident_opens_a_case_of_its_own(world):  # type: ignore[no-untyped-def]
    published = world.objs["case:P"].kw["case_id"]
    filed = Client().post(
        "/api/v1/reports",
        {"agreement": "pak-afg-2025", "incident": incident(title="The Chaman mortar fire, again")},
        content_type="application/json",
        headers=world.tokens["pk"],
    )
    assert filed.status_code == 201, filed.content
    assert filed.json()["case"] != published


@pytest.mark.django_db
def test_no_rule_admits_a_role_that_never_gets_through(world):  # type: ignore[no-untyped-def]
    """A role a route admits must reach it with some object of the world; otherwise the rule is wider
    than what the product does, and the route layer protects nothing for that role. A route tried several
    ways (the case page's verbs) counts as reached if any way reaches it: its rule is one for all."""
    admitted, reached = set(), set()
    for route in ROUTES:
        rule = route.rule
        assert rule is not None
        kind = KINDS[route.params]
        names = [n for n in _OBJECT_NAMES if n.split(":")[0] == kind] or [kind]
        for role in rule.roles:
            admitted.add(f"{route.key}: {role}")
            actors = [a for a in ACTORS if (_ROLE.get(a) or access.ANONYMOUS) == role]
            objs = [(a, n, world.objs.get(n, world.objs["none"])) for a in actors for n in names]
            if any(_expected(route, a, n, o) == "reach" for a, n, o in objs):
                reached.add(f"{route.key}: {role}")
    idle = admitted - reached
    assert not idle, "rules admitting a role that never gets through: " + ", ".join(sorted(idle))


@pytest.mark.django_db
def test_every_secret_is_shown_to_someone_who_may_know_it(world):  # type: ignore[no-untyped-def]
    """The secrets check bites only if the secrets are in the world where the cells look: each must be on
    a page or in an answer that a mediator reads, the dashboard's map among them."""
    o = world.objs
    reads = [
        "/",
        "/dashboard/map.geojson",
        "/api/v1/cases?limit=100",
        "/api/v1/inbox",
        *(f"/api/v1/cases/{o[f'case:{n}'].kw['case_id']}" for n in ("P", "A", "O", "S")),
        *(f"/api/v1/reports/{o[f'report:{n}'].kw['report_id']}" for n in ("pk", "obs")),
    ]
    map_titles = str(world.pages["qa"].get("/dashboard/map.geojson").json())
    assert "Mortar rounds at Kharlachi" in map_titles, "the map names the hidden observation to a mediator"
    seen = ""
    for path in reads:
        if path.startswith("/api/"):
            response = Client().get(path, headers=world.tokens["qa"])
        else:
            response = world.pages["qa"].get(path)
        assert response.status_code == 200, path
        seen += response.content.decode()
    missing = [secret for secret in SECRETS if secret not in seen]
    assert not missing, f"secrets the cells would never find: {missing}"
