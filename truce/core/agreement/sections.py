"""The section readers behind ``truce.core.agreement.load``: one method per table of the file.

Each reader validates its table through ``Fields`` (which records located problems and keeps going) and
returns what it could build; ``Builder.build`` assembles the ``Agreement`` only when nothing was wrong.
``docs/agreement-format.md`` documents every field checked here.
"""

from __future__ import annotations

import json
import re
import zoneinfo
from difflib import get_close_matches
from pathlib import Path as FilePath
from typing import Any

import pycountry

from truce.core.agreement import conditions
from truce.core.agreement.categories import BUILTIN_CATEGORIES
from truce.core.agreement.fields import Fields, suggest
from truce.core.agreement.keys import parse_vkey
from truce.core.agreement.locate import Path
from truce.core.agreement.model import (
    Agreement,
    Category,
    Commitment,
    Mediator,
    Mission,
    Party,
    PenaltyRule,
    Procedure,
    Source,
    Witness,
    Zone,
)
from truce.core.agreement.problems import Problem
from truce.core.agreement.quorum import Quorum
from truce.core.agreement.zones import read_polygons
from truce.core.taxonomy import SUB_EVENT_TYPES

__all__ = ["SECTIONS", "Builder"]

MAX_ZONE_BYTES = 20_000_000

_ID = re.compile(r"[a-z0-9][a-z0-9-]{1,62}")
_CODE = re.compile(r"[A-Z][A-Z0-9-]{1,15}")
_COMMITMENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
_URL = re.compile(r"https?://\S+")

SECTIONS = (
    "agreement",
    "party",
    "mediator",
    "mission",
    "category",
    "commitment",
    "procedure",
    "zone",
    "witness",
    "penalty",
    "source",
)
PUBLISH_AFTER = ("ruling", "manual")


class Builder:
    def __init__(self, data: dict[str, Any], fields: Fields, base: FilePath) -> None:
        self.data = data
        self.f = fields
        self.base = base
        # The header's languages, once read: what a title_translations key may be (None: unreadable).
        self._languages: tuple[str, ...] | None = None

    def build(self) -> tuple[Agreement | None, list[Problem]]:
        f = self.f
        f.known_keys(self.data, (), SECTIONS)
        header = self.header()
        party_entries = self.bodies("party", Party)
        mediator_entries = self.bodies("mediator", Mediator)
        mission = self.mission()
        self.codes(party_entries + mediator_entries, mission)
        parties = [body for _, body in party_entries]
        mediators = [body for _, body in mediator_entries]
        categories = self.categories()
        incident_types = set(SUB_EVENT_TYPES) | {c.name for c in categories}
        commitments = self.commitments(incident_types, categories)
        procedure, witness_quorum = self.procedure(incident_types)
        zones = self.zones()
        witnesses = self.witnesses(witness_quorum)
        penalties = self.penalties()
        sources = self.sources()
        # Judged on the tables written, not those that validated, so one bad entry is not reported twice.
        if len(self._written("party")) < 2:
            f.problem(
                (), "an agreement needs at least two [[party]] tables", line=f.locator.line(("party",)) or 1
            )
        if not self._written("mediator") and "mission" not in self.data:
            f.problem(
                (), "add at least one [[mediator]] or a [mission] table: someone must rule on cases", line=1
            )
        if f.problems or header is None or procedure is None:
            # file order reads best; zone files' own problems (other `file`) go last
            return None, sorted(f.problems, key=lambda p: (p.file != f.file, p.line or 0))
        agreement = Agreement(
            **header,
            parties=tuple(parties),
            mediators=tuple(mediators),
            mission=mission,
            categories=tuple(categories),
            commitments=tuple(commitments),
            procedure=procedure,
            zones=tuple(zones),
            witnesses=tuple(witnesses),
            witness_quorum=witness_quorum
            if witness_quorum is not None
            else len(witnesses) // 2 + bool(witnesses),
            penalties=tuple(penalties),
            sources=tuple(sources),
        )
        return agreement, []

    def _written(self, key: str) -> list[Any]:
        value = self.data.get(key)
        return value if isinstance(value, list) else []

    # -- [agreement] ----------------------------------------------------------------------------------
    def header(self) -> dict[str, Any] | None:
        f = self.f
        table = f.table(self.data, (), "agreement", required=True)
        if table is None:
            return None
        p: Path = ("agreement",)
        f.known_keys(
            table,
            p,
            (
                "id",
                "title",
                "title_translations",
                "in_force",
                "mandate_until",
                "timezone",
                "languages",
                "record_key",
            ),
        )
        in_force = f.date(table, p, "in_force")
        mandate_until = f.date(table, p, "mandate_until", required=False)
        values: dict[str, Any] = {
            "id": f.text(
                table, p, "id", pattern=_ID, expected="lower-case letters, digits and '-', 2-63 long"
            ),
            "title": f.text(table, p, "title"),
            "in_force": in_force,
            "mandate_until": mandate_until,
            "timezone": self.timezone(table, p),
            "languages": self.languages(table, p),
            "record_key": self.record_key(table, p),
        }
        self._languages = values["languages"]
        values["title_translations"] = self.title_translations(table, p)
        if in_force and mandate_until and mandate_until < in_force:
            f.problem(
                (*p, "mandate_until"),
                f"{mandate_until} is before in_force ({in_force}); the mandate "
                "cannot end before the agreement takes effect",
            )
            return None
        required = ("id", "title", "in_force", "timezone", "languages")
        return values if all(values[k] is not None for k in required) else None

    def title_translations(self, table: dict[str, Any], p: Path) -> tuple[tuple[str, str], ...]:
        """``title_translations = { ps = "...", ur = "..." }``: the title in other languages of the agreement,
        shown to a reader whose interface is in that language. Each key must be one of ``languages``."""
        f = self.f
        value = f.table(table, p, "title_translations", required=False)
        if not value:
            return ()
        known = self._languages
        found: list[tuple[str, str]] = []
        for code in value:
            where = (*p, "title_translations", code)
            if known is not None and code not in known:
                f.problem(
                    where,
                    f"{code!r} is not one of this agreement's languages ({', '.join(known)}); "
                    "add it to [agreement] languages or use one of those codes",
                )
                continue
            if known is None and (len(code) != 2 or not code.islower()):
                f.problem(where, f"{code!r} is not an ISO 639-1 language code; write two letters like 'ur'")
                continue
            text = f.text(value, (*p, "title_translations"), code)
            if text is not None:
                found.append((code, text))
        return tuple(found)

    def record_key(self, table: dict[str, Any], p: Path) -> str | None:
        """The record's log key the parties agreed to trust (optional): a type-0x01 note verifier key."""
        from truce.core.record.note import ALG_ED25519, NoteError, parse_verifier

        vkey = self.f.text(table, p, "record_key", required=False)
        if vkey is None:
            return None
        try:
            verifier = parse_verifier(vkey)
        except NoteError as exc:
            self.f.problem(
                (*p, "record_key"), f"{exc}; copy the key `truce init` printed (or /api/v1/record/)"
            )
            return None
        if verifier.alg != ALG_ED25519:
            self.f.problem(
                (*p, "record_key"),
                "this is a witness key (type 0x04); record_key is the log's checkpoint key (type 0x01), "
                "list witnesses under [[witness]]",
            )
            return None
        return vkey

    def timezone(self, table: dict[str, Any], p: Path) -> str | None:
        name = self.f.text(table, p, "timezone")
        if name is None:
            return None
        try:
            zoneinfo.ZoneInfo(name)
            return name
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
        guess = get_close_matches(name, sorted(zoneinfo.available_timezones()), n=1)
        hint = f"did you mean '{guess[0]}'? " if guess else ""
        self.f.problem(
            (*p, "timezone"), f"unknown time zone {name!r}; {hint}use an IANA name like 'Asia/Karachi'"
        )
        return None

    def languages(self, table: dict[str, Any], p: Path) -> tuple[str, ...] | None:
        codes = self.f.strings(table, p, "languages")
        if codes is None:
            return None
        good = True
        for i, code in enumerate(codes):
            if len(code) != 2 or not code.islower() or pycountry.languages.get(alpha_2=code) is None:
                named = pycountry.languages.get(alpha_3=code.lower()) if len(code) == 3 else None
                hint = (
                    f" (for {named.name} write '{named.alpha_2}')"
                    if named and hasattr(named, "alpha_2")
                    else ""
                )
                self.f.problem(
                    (*p, "languages", i),
                    f"{code!r} is not an ISO 639-1 language code{hint}; "
                    "write two lower-case letters like 'en', 'ur'",
                )
                good = False
        return tuple(codes) if good else None

    # -- parties, mediators, mission ------------------------------------------------------------------
    def bodies(self, key: str, kind: type[Party] | type[Mediator]) -> list[tuple[Path, Any]]:
        f = self.f
        found = []
        for p, table in f.tables(self.data, key):
            f.known_keys(table, p, ("code", "name", "short_name"))
            code = f.text(
                table, p, "code", pattern=_CODE, expected="upper-case letters, digits and '-', 2-16 long"
            )
            name = f.text(table, p, "name")
            short = f.text(table, p, "short_name", required=False)
            if code and name:
                found.append((p, kind(code, name, short or name)))
        return found

    def mission(self) -> Mission | None:
        f = self.f
        table = f.table(self.data, (), "mission", required=False)
        if table is None:
            return None
        p: Path = ("mission",)
        f.known_keys(table, p, ("code", "name", "mandated_by"))
        code = f.text(
            table, p, "code", pattern=_CODE, expected="upper-case letters, digits and '-', 2-16 long"
        )
        name = f.text(table, p, "name")
        mandated_by = f.text(table, p, "mandated_by", required=False)
        return Mission(code, name, mandated_by or "") if code and name else None

    def codes(self, entries: list[tuple[Path, Party | Mediator]], mission: Mission | None) -> None:
        # Parties, mediators and the mission share one namespace: user accounts and signatures name a
        # body by its code alone (truce.accounts, truce.rulings).
        seen: dict[str, str] = {}
        named: list[tuple[Path, str, str]] = [(p, b.code, str(p[0])) for p, b in entries]
        if mission is not None:
            named.append((("mission", "code"), mission.code, "mission"))
        for path, code, role in named:
            code_path = path if path[-1] == "code" else (*path, "code")
            if code in seen:
                other = seen[code]
                if other == role:
                    self.f.problem(
                        code_path, f"code {code!r} is used by another [[{role}]]; codes must be unique"
                    )
                else:
                    self.f.problem(
                        code_path,
                        f"code {code!r} is already the code of a {other}; a body cannot be both {other} "
                        f"and {role} — give each a distinct code",
                    )
            else:
                seen[code] = role

    # -- categories and commitments -------------------------------------------------------------------
    def categories(self) -> list[Category]:
        f = self.f
        found = list(BUILTIN_CATEGORIES)
        builtin = {c.name for c in BUILTIN_CATEGORIES}
        for p, table in f.tables(self.data, "category"):
            f.known_keys(table, p, ("name", "description"))
            name = f.text(table, p, "name")
            description = f.text(table, p, "description", required=False) or ""
            if name is None:
                continue
            if name in SUB_EVENT_TYPES:
                f.problem(
                    (*p, "name"), f"{name!r} is already an ACLED sub-event type; use it in covers directly"
                )
            elif name in builtin:
                f.problem(
                    (*p, "name"), f"{name!r} is a built-in category; use it in covers without declaring it"
                )
            elif any(c.name == name for c in found):
                f.problem((*p, "name"), f"category {name!r} is declared twice")
            else:
                found.append(Category(name, description))
        return found

    def commitments(self, incident_types: set[str], categories: list[Category]) -> list[Commitment]:
        f = self.f
        found: list[Commitment] = []
        entries = f.tables(self.data, "commitment")
        if not entries and "commitment" not in self.data:
            f.problem((), "an agreement needs at least one [[commitment]]", line=1)
        for p, table in entries:
            f.known_keys(table, p, ("id", "title", "title_translations", "covers", "points", "text"))
            cid = f.text(table, p, "id", pattern=_COMMITMENT_ID, expected="letters, digits, '.', '_' or '-'")
            title = f.text(table, p, "title")
            covers = f.strings(table, p, "covers")
            points = f.integer(table, p, "points", required=False, maximum=1000)
            text = f.text(table, p, "text", required=False) or ""
            translations = self.title_translations(table, p)
            if cid and any(c.id == cid for c in found):
                f.problem((*p, "id"), f"commitment id {cid!r} is used twice; ids must be unique")
                cid = None
            if covers:
                for i, kind in enumerate(covers):
                    if kind not in incident_types:
                        f.problem((*p, "covers", i), self._unknown_type(kind, categories))
                        covers = None
            if cid and title and covers:
                found.append(Commitment(cid, title, tuple(covers), points, text, translations))
        return found

    def _unknown_type(self, kind: str, categories: list[Category]) -> str:
        names = [*SUB_EVENT_TYPES, *(c.name for c in categories)]
        guess = suggest(kind, names)
        hint = f"did you mean {guess!r}? " if guess else ""
        return (
            f"{kind!r} is not an ACLED sub-event type or a category of this agreement; {hint}"
            f"expected one of {', '.join(repr(n) for n in names)}, or declare it with [[category]]"
        )

    # -- [procedure] ----------------------------------------------------------------------------------
    def procedure(self, incident_types: set[str]) -> tuple[Procedure | None, int | None]:
        f = self.f
        table = f.table(self.data, (), "procedure", required=True)
        if table is None:
            return None, None
        p: Path = ("procedure",)
        f.known_keys(
            table,
            p,
            (
                "reply_window_hours",
                "ruling_quorum",
                "mission_officers",
                "publish_after",
                "default_points",
                "severity_points",
                "witness_quorum",
            ),
        )
        reply = f.integer(table, p, "reply_window_hours", minimum=1, maximum=24 * 366)
        quorum = self.quorum(table, p)
        publish = f.text(table, p, "publish_after", required=False) or "ruling"
        if publish not in PUBLISH_AFTER:
            f.problem(
                (*p, "publish_after"), f"{publish!r} is not one of {', '.join(map(repr, PUBLISH_AFTER))}"
            )
        default_points = f.integer(table, p, "default_points", required=False, maximum=1000)
        severity = self.severity_points(table, p, incident_types)
        witness_quorum = f.integer(table, p, "witness_quorum", required=False, maximum=1000)
        if reply is None or quorum is None or severity is None or publish not in PUBLISH_AFTER:
            return None, witness_quorum
        points = 1 if default_points is None else default_points
        return Procedure(reply, quorum, publish, points, severity), witness_quorum

    def quorum(self, table: dict[str, Any], p: Path) -> Quorum | None:
        # Judged on the tables written (not those that validated) so a bad entry is reported once.
        f = self.f
        qp = (*p, "ruling_quorum")
        has_mediators, has_mission = bool(self._written("mediator")), "mission" in self.data
        if "ruling_quorum" not in table and not has_mediators and not has_mission:
            return None  # reported once, by build(): nobody could rule
        value = table.get("ruling_quorum", "each-mediator" if has_mediators else "mission")
        officers = f.integer(table, p, "mission_officers", required=False, minimum=1, maximum=100)
        if isinstance(value, int) and not isinstance(value, bool):
            if value < 1:
                f.problem(qp, f"{value} signatures cannot make a quorum; write a count of at least 1")
                return None
            quorum = Quorum("count", value)
        elif value in ("each-mediator", "any-mediator"):
            if not has_mediators:
                f.problem(qp, f'{value!r} needs at least one [[mediator]]; with a [mission] write "mission"')
                return None
            quorum = Quorum(value, 1)
        elif value == "mission":
            if not has_mission:
                f.problem(qp, "'mission' needs a [mission] table naming the monitoring mission")
                return None
            quorum = Quorum("mission", officers or 1)
        else:
            guess = get_close_matches(str(value), ["each-mediator", "any-mediator", "mission"], n=1)
            hint = f"did you mean {guess[0]!r}? " if guess else ""
            f.problem(
                qp,
                f'{value!r} is not a quorum; {hint}expected "each-mediator", "any-mediator", "mission" or a '
                "number of signing officers",
            )
            return None
        if officers is not None and quorum.kind != "mission":
            f.problem((*p, "mission_officers"), 'applies only when ruling_quorum = "mission"; remove it')
            return None
        return quorum

    def severity_points(
        self, table: dict[str, Any], p: Path, incident_types: set[str]
    ) -> dict[str, int] | None:
        f = self.f
        sp = (*p, "severity_points")
        value = f.table(table, p, "severity_points", required=False)
        if value is None:
            return None if "severity_points" in table else {}
        result = {}
        for kind, points in value.items():
            if kind not in incident_types:
                guess = suggest(kind, sorted(incident_types))
                hint = f"; did you mean {guess!r}?" if guess else ""
                f.problem(
                    (*sp, kind),
                    f"{kind!r} is not an ACLED sub-event type or a category of this agreement{hint}",
                )
            elif type(points) is not int or not 0 <= points <= 1000:
                f.problem((*sp, kind), f"expected an integer from 0 to 1000, found {points!r}")
            else:
                result[kind] = points
        return result if len(result) == len(value) else None

    # -- zones and witnesses --------------------------------------------------------------------------
    def zones(self) -> list[Zone]:
        f = self.f
        found: list[Zone] = []
        for p, table in f.tables(self.data, "zone"):
            f.known_keys(table, p, ("name", "geometry"))
            name = f.text(table, p, "name")
            relative = f.text(table, p, "geometry")
            if name and any(z.name == name for z in found):
                f.problem((*p, "name"), f"zone {name!r} is named twice")
            polygons = self.geometry(relative, (*p, "geometry")) if relative else None
            if name and relative and polygons:
                found.append(Zone(name, relative, polygons))
        return found

    def geometry(self, relative: str, p: Path) -> tuple[Any, ...] | None:
        f = self.f
        if FilePath(relative).is_absolute():
            f.problem(p, f"{relative!r} is absolute; write the path relative to the agreement file")
            return None
        path = self.base / relative
        try:
            raw = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            f.problem(p, f"zone file {relative!r} not found (looked for {path}); create it or fix the path")
            return None
        except OSError as exc:
            f.problem(p, f"zone file {relative!r} cannot be read: {exc.strerror or exc}")
            return None
        except ValueError:  # e.g. a NUL character in the path
            f.problem(p, f"{relative!r} is not a usable file path")
            return None
        if len(raw) > MAX_ZONE_BYTES:
            f.problem(
                p, f"zone file {relative!r} is larger than {MAX_ZONE_BYTES} bytes; simplify the geometry"
            )
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            f.problem(p, f"zone file {relative!r} is not UTF-8 text; expected GeoJSON")
            return None
        except json.JSONDecodeError as exc:
            f.problem(p, f"not valid JSON: {exc.msg} at column {exc.colno}", file=str(path), line=exc.lineno)
            return None
        polygons, problems = read_polygons(data)
        for where, message in problems:
            f.problem(p, f"{relative} ({where}): {message}")
        return polygons if not problems else None

    def witnesses(self, quorum: int | None) -> list[Witness]:
        f = self.f
        found: list[Witness] = []
        entries = f.tables(self.data, "witness")
        for p, table in entries:
            f.known_keys(table, p, ("name", "key"))
            name = f.text(table, p, "name")
            key = f.text(table, p, "key")
            if name and any(w.name == name for w in found):
                f.problem((*p, "name"), f"witness {name!r} is listed twice")
                continue
            if key is None:
                continue
            try:
                _, public_key = parse_vkey(key)
            except ValueError as exc:
                f.problem((*p, "key"), str(exc))
                continue
            if any(w.public_key == public_key for w in found):
                f.problem((*p, "key"), "the same key is already listed for another witness")
            elif name:
                found.append(Witness(name, key, public_key))
        if quorum is not None and quorum > len(entries):
            f.problem(
                ("procedure", "witness_quorum"),
                f"{quorum} cosignatures asked for but only {len(entries)} [[witness]] listed",
            )
        return found

    # -- penalties and sources ------------------------------------------------------------------------
    def penalties(self) -> list[PenaltyRule]:
        f = self.f
        found: list[PenaltyRule] = []
        entries = f.tables(self.data, "penalty")
        # Ids default to the position ("P1", "P2", ...) so DESIGN.md's id-less schedule still loads.
        ids: list[str] = [
            t["id"] if isinstance(t.get("id"), str) else f"P{i + 1}" for i, (_, t) in enumerate(entries)
        ]
        for (p, table), rid in zip(entries, ids, strict=True):
            f.known_keys(table, p, ("id", "when", "measure", "severity", "replaces", "expires_after_days"))
            f.text(
                table,
                p,
                "id",
                required=False,
                pattern=_COMMITMENT_ID,
                expected="letters, digits, '.', '_' or '-'",
            )
            when = self.condition(table, p)
            measure = f.text(table, p, "measure")
            severity = f.integer(table, p, "severity", required=False, minimum=1, maximum=100)
            replaces = f.strings(table, p, "replaces", required=False) or []
            expires = f.integer(table, p, "expires_after_days", required=False, minimum=1, maximum=36_600)
            if ids.count(rid) > 1 and ids.index(rid) != p[1]:
                f.problem((*p, "id"), f"penalty id {rid!r} is used twice; ids must be unique")
            for i, other in enumerate(replaces):
                if other == rid or other not in ids:
                    f.problem((*p, "replaces", i), f"{other!r} is not the id of another [[penalty]]")
            if when and measure:
                found.append(PenaltyRule(rid, when, measure, severity or 1, tuple(replaces), expires))
        return found

    def condition(self, table: dict[str, Any], p: Path) -> conditions.Condition | None:
        text = self.f.text(table, p, "when")
        if text is None:
            return None
        try:
            return conditions.parse(text)
        except conditions.ConditionError as exc:
            self.f.problem((*p, "when"), f"{text!r}: at column {exc.column} of the condition: {exc.message}")
            return None

    def sources(self) -> list[Source]:
        f = self.f
        found = []
        for p, table in f.tables(self.data, "source"):
            f.known_keys(table, p, ("title", "url", "date"))
            title = f.text(table, p, "title")
            url = f.text(table, p, "url", required=False, pattern=_URL, expected="an http(s):// address")
            date = f.date(table, p, "date", required=False)
            if title:
                found.append(Source(title, url or "", date))
        return found
