"""Full-text search over cases and reports: a case's title and place as the viewer may know them, and its
reference; a report's title and place.

One meaning on both databases. The words of a query are its runs of letters and digits; a row matches
when every word of the query is the beginning of a word of the row (so "Chaman" finds "Chaman", "cham"
finds it too, and "PAK-AFG-2025-0012" finds case pak-afg-2025/0012 by its reference's words). Case and
Latin accents do not matter; Arabic-script vowel marks (harakat) and the tatweel are ignored, so "کُنَر"
finds "کنر".

- SQLite: three FTS5 tables (``truce_case_search``, ``truce_summary_search``, ``truce_report_search``)
  with the ``unicode61 remove_diacritics 2`` tokenizer, contentless, kept in step with
  ``cases_case``, ``cases_casesummary`` and ``reports_report`` by triggers (so bulk inserts and every
  action are indexed alike); the triggers drop the marks the tokenizer would otherwise treat as word
  breaks.
- PostgreSQL: GIN indexes on ``to_tsvector('simple', truce_search_text(…))`` over the same columns;
  ``truce_search_text`` removes Latin accents (``unaccent``, when the extension could be created), the
  same marks, and punctuation (which the PostgreSQL parser would otherwise keep inside file-path or
  hyphenated tokens).

Both are created by the migration ``cases/0006_full_text_search``, which adds only what its database
uses. Visibility is never decided here: every function narrows a queryset the caller already limited to
what the viewer may see, and a liaison's case text is matched only in its own party's summaries.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.db.models import BooleanField, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL

from truce.cases.models import CaseStatus, CaseSummary

# Arabic-script marks dropped before indexing and from queries: the vowel marks (harakat: FATHATAN ..
# SUKUN), MADDAH, HAMZA ABOVE and BELOW written as marks, SUPERSCRIPT ALEF and the TATWEEL. Hamza-carrying
# letters (أ, ئ, ۀ …) are letters and stay. (SQLite removes them with nested replace(), and its parser
# allows only so many; rarer marks split a word on SQLite and stay in it on PostgreSQL, which finds the
# same rows as long as the query writes them as the text does.)
MARKS = "".join(chr(c) for c in [*range(0x064B, 0x0656), 0x0670, 0x0640])
# Punctuation PostgreSQL's parser would keep inside a token ("pak-afg-2025/0012" is a file path to it,
# "1.5" a number); FTS5 splits on all of them already.
PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»،؛؟٪٫٬"
# A query's words beyond these are ignored (each is one indexed lookup).
MAX_TERMS = 8
_WORD = re.compile(r"[^\W_]+")

CASE_FTS = "truce_case_search"
SUMMARY_FTS = "truce_summary_search"
REPORT_FTS = "truce_report_search"


def terms(text: str) -> list[str]:
    """The words of a query, lowercased and without Arabic-script marks; at most MAX_TERMS, no repeats."""
    cleaned = text.translate({ord(c): None for c in MARKS}).lower()
    out: list[str] = []
    for word in _WORD.findall(cleaned):
        if word not in out:
            out.append(word)
    return out[:MAX_TERMS]


def _sqlite_clean(column: str) -> str:
    """SQL removing MARKS from ``column`` (SQLite has no translate())."""
    expr = f"coalesce({column}, '')"
    for mark in MARKS:
        expr = f"replace({expr}, '{mark}', '')"
    return expr


def pg_document(*columns: str) -> str:
    """The tsvector expression the GIN indexes hold and the searches compare with (identical text, so
    the planner uses the index)."""
    joined = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
    return f"to_tsvector('simple'::regconfig, truce_search_text({joined}))"


# What each searchable source indexes: FTS table, source table, the text columns, on PostgreSQL the
# columns of the document.
CASE_TEXT = ("title", "place")
CASE_ALL = ("title", "place", "reference")
SOURCES = {
    CASE_FTS: ("cases_case", CASE_ALL),
    # A summary's FTS row also holds its case's reference (a reference never changes), so that a
    # liaison's whole query is one MATCH on SQLite.
    SUMMARY_FTS: ("cases_casesummary", CASE_ALL),
    REPORT_FTS: ("reports_report", CASE_TEXT),
}
# What the SQLite triggers index for a column that is not the source table's own.
_SQLITE_VALUES = {(SUMMARY_FTS, "reference"): "(SELECT reference FROM cases_case WHERE id = {row}case_id)"}


PG_INDEXED = [
    ("cases_case", CASE_ALL),
    ("cases_case", ("reference",)),
    ("cases_casesummary", CASE_TEXT),
    ("reports_report", CASE_TEXT),
]
PG_TSQUERY = "to_tsquery('simple'::regconfig, quote_literal(truce_search_text(%s)) || ':*')"


def _pg_index_name(table: str, columns: tuple[str, ...]) -> str:
    return f"{table}_{'_'.join(columns)}_fts"


def _fts_query(word: str, columns: tuple[str, ...] | None = None) -> str:
    phrase = '"' + word.replace('"', '""') + '"*'
    if columns:
        return "{" + " ".join(columns) + "} : " + phrase
    return phrase


def _pg_all(words: list[str]) -> tuple[str, list[str]]:
    """A tsquery SQL expression requiring every word as a word's beginning, and its parameters."""
    parts = " || ' & ' || ".join("quote_literal(truce_search_text(%s)) || ':*'" for _ in words)
    return f"to_tsquery('simple'::regconfig, {parts})", list(words)


def _fts_all(words: list[str]) -> str:
    return " AND ".join(_fts_query(word) for word in words)


def _matching_all_cases(words: list[str]) -> RawSQL:
    """Ids of the cases whose title, place and reference hold, for every word, a word beginning with it."""
    if connection.vendor == "postgresql":
        tsquery, params = _pg_all(words)
        return RawSQL(f"SELECT id FROM cases_case WHERE {pg_document(*CASE_ALL)} @@ {tsquery}", params)
    return RawSQL(f"SELECT rowid FROM {CASE_FTS} WHERE {CASE_FTS} MATCH %s", [_fts_all(words)])


def _matching(fts: str, columns: tuple[str, ...], word: str, key: str = "id") -> RawSQL:
    """Ids (``key`` of the source table) of the rows whose ``columns`` hold a word beginning with
    ``word``."""
    table, _all = SOURCES[fts]
    if connection.vendor == "postgresql":
        return RawSQL(
            f"SELECT {key} FROM {table} WHERE {pg_document(*columns)} @@ {PG_TSQUERY}",
            [word],
        )
    if key == "id":
        return RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [_fts_query(word, columns)])
    return RawSQL(
        f"SELECT {key} FROM {table} WHERE id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)",
        [_fts_query(word, columns)],
    )


def _summary_matching(word: str, agreement_id: str, party: str) -> RawSQL:
    """Case ids whose summary for ``party`` has a title or place word beginning with ``word``."""
    if connection.vendor == "postgresql":
        return RawSQL(
            "SELECT case_id FROM cases_casesummary WHERE agreement_id = %s AND party = %s AND "
            f"{pg_document(*CASE_TEXT)} @@ {PG_TSQUERY}",
            [agreement_id, party, word],
        )
    return RawSQL(
        "SELECT case_id FROM cases_casesummary WHERE agreement_id = %s AND party = %s AND id IN "
        f"(SELECT rowid FROM {SUMMARY_FTS} WHERE {SUMMARY_FTS} MATCH %s)",
        [agreement_id, party, _fts_query(word)],
    )


def search_cases(cases: QuerySet[Any], user: Any, query: str) -> QuerySet[Any]:
    """``cases`` (already limited to what ``user`` may see) whose every query word begins a word of the
    case's title or place as ``user`` knows them (truce.web.incidents.with_summaries) or of its
    reference. A query without words leaves ``cases`` as they are."""
    from truce.web.incidents import _party, _summarised_from_case

    words = terms(query)
    if not words:
        return cases
    party = _party(user)
    report_words = None
    if not _summarised_from_case(user) and party is None:
        # A monitor's summary is the case's own once published, else that of the earliest report of
        # the case the monitor may see (truce.cases.summaries.summarised_by_subquery).
        from truce.reports.visibility import reports_visible_to

        visible = reports_visible_to(user)
        visible.query.distinct = False
        first = visible.filter(case=OuterRef("pk")).order_by("created_at", "id").values("id")[:1]
        cases = cases.annotate(search_report=Subquery(first))
        report_words = True
    if _summarised_from_case(user):
        # The case's own title, place and reference: the whole query in one index lookup.
        return cases.filter(pk__in=_matching_all_cases(words))
    if party is not None and connection.vendor == "sqlite":
        from truce.web.incidents import _joins_summaries

        match = f"(SELECT rowid FROM {SUMMARY_FTS} WHERE {SUMMARY_FTS} MATCH %s)"
        if _joins_summaries(cases):
            # The party's summaries are joined already (truce.web.incidents.visible_incidents): keep
            # those the index finds, so SQLite starts from them instead of every summary of the party.
            table = CaseSummary._meta.db_table
            return cases.filter(
                RawSQL(f'"{table}"."id" IN {match}', [_fts_all(words)], output_field=BooleanField())
            )
        return cases.filter(
            pk__in=RawSQL(
                # The unary + keeps SQLite from walking the party's index over all its summaries: it
                # looks up the matching rows by id instead.
                "SELECT case_id FROM cases_casesummary WHERE +agreement_id = %s AND +party = %s AND id IN "
                f"(SELECT rowid FROM {SUMMARY_FTS} WHERE {SUMMARY_FTS} MATCH %s)",
                [user.agreement_id, party, _fts_all(words)],
            )
        )
    # Every case reference is "<agreement id>/<number>" (truce.cases.actions.placement), so a word that
    # begins a word of the viewer's agreement id ("pak", "afg", "2025") is in every reference the viewer
    # may see: it narrows nothing, and looking it up would match every case.
    everywhere = terms(user.agreement_id or "")
    for word in words:
        if user.agreement_id and any(w.startswith(word) for w in everywhere):
            continue
        by_reference = Q(pk__in=_matching(CASE_FTS, ("reference",), word))
        if party is not None:
            by_text = Q(pk__in=_summary_matching(word, user.agreement_id, party))
        else:
            assert report_words
            by_text = Q(status=CaseStatus.PUBLISHED, pk__in=_matching(CASE_FTS, CASE_ALL, word)) | (
                ~Q(status=CaseStatus.PUBLISHED) & Q(search_report__in=_matching(REPORT_FTS, CASE_TEXT, word))
            )
        cases = cases.filter(by_reference | by_text)
    return cases


def search_reports(reports: QuerySet[Any], query: str) -> QuerySet[Any]:
    """``reports`` (already limited to what the viewer may see) whose every query word begins a word of
    the report's title or place, or of its case's reference."""
    for word in terms(query):
        cases = _matching(CASE_FTS, ("reference",), word)
        reports = reports.filter(Q(pk__in=_matching(REPORT_FTS, CASE_TEXT, word)) | Q(case_id__in=cases))
    return reports


# -- The migration's SQL ---------------------------------------------------------------------------------


def sqlite_schema() -> list[str]:
    """CREATE statements (FTS5 tables and triggers) and the first fill, for SQLite."""
    out = []
    for fts, (table, columns) in SOURCES.items():
        cols = ", ".join(columns)

        def values(row: str, columns: tuple[str, ...] = columns, fts: str = fts) -> str:
            exprs = [_SQLITE_VALUES.get((fts, c), "{row}" + c).format(row=row) for c in columns]
            return ", ".join(_sqlite_clean(e) for e in exprs)

        own = ", ".join(c for c in columns if (fts, c) not in _SQLITE_VALUES)
        out += [
            f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='', "
            "tokenize='unicode61 remove_diacritics 2')",
            f"INSERT INTO {fts}(rowid, {cols}) SELECT id, {values(table + '.')} FROM {table}",
            f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {values('new.')}); END",
            f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {values('old.')}); END",
            f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {own} ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {values('old.')}); "
            f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {values('new.')}); END",
        ]
    return out


def sqlite_drop() -> list[str]:
    out = []
    for fts in SOURCES:
        out += [f"DROP TRIGGER IF EXISTS {fts}_{event}" for event in ("insert", "delete", "update")]
        out.append(f"DROP TABLE IF EXISTS {fts}")
    return out


def pg_drop() -> list[str]:
    return [
        *(f"DROP INDEX IF EXISTS {_pg_index_name(table, cols)}" for table, cols in PG_INDEXED),
        # CASCADE: any index on the function goes with it.
        "DROP FUNCTION IF EXISTS truce_search_text(text) CASCADE",
    ]


def pg_function(unaccent: bool) -> str:
    spaces = " " * len(PUNCTUATION)
    source = "public.unaccent('public.unaccent'::regdictionary, $1)" if unaccent else "$1"
    quoted = (PUNCTUATION + MARKS).replace("'", "''")
    return (
        "CREATE OR REPLACE FUNCTION truce_search_text(text) RETURNS text LANGUAGE sql IMMUTABLE "
        f"PARALLEL SAFE STRICT AS $$ SELECT translate({source}, '{quoted}', '{spaces}') $$"
    )


def pg_indexes() -> list[str]:
    """GIN indexes: a case's text and its reference apart (a liaison's text is its summary), a summary's
    text, a report's text."""
    return [
        f"CREATE INDEX {_pg_index_name(table, cols)} ON {table} USING gin ({pg_document(*cols)})"
        for table, cols in PG_INDEXED
    ]
