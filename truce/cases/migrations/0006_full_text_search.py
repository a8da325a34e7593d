"""Full-text search over cases, party summaries and reports (truce.cases.search): FTS5 tables kept by
triggers on SQLite, GIN indexes on a tsvector on PostgreSQL. Only what the database in use needs is
created.

The SQL is written out here as it stood when this migration was made, not read from truce.cases.search at
run time: a migration must do tomorrow what it did the day it was applied. When the module's schema
changes, a new migration carries the change (tests/app/test_search.py compares the two)."""

from django.db import migrations, transaction

# fmt: off
SQLITE_SCHEMA = [
    "CREATE VIRTUAL TABLE truce_case_search USING fts5(title, place, reference, content='', tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO truce_case_search(rowid, title, place, reference) SELECT id, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(cases_case.title, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(cases_case.place, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(cases_case.reference, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', '') FROM cases_case",
    "CREATE TRIGGER truce_case_search_insert AFTER INSERT ON cases_case BEGIN INSERT INTO truce_case_search(rowid, title, place, reference) VALUES (new.id, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(new.title, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(new.place, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(new.reference, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', '')); END",
    "CREATE TRIGGER truce_case_search_delete AFTER DELETE ON cases_case BEGIN INSERT INTO truce_case_search(truce_case_search, rowid, title, place, reference) VALUES ('delete', old.id, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(old.title, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(old.place, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(old.reference, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', '')); END",
    "CREATE TRIGGER truce_case_search_update AFTER UPDATE OF title, place, reference ON cases_case BEGIN INSERT INTO truce_case_search(truce_case_search, rowid, title, place, reference) VALUES ('delete', old.id, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(old.title, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(old.place, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(old.reference, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', '')); INSERT INTO truce_case_search(rowid, title, place, reference) VALUES (new.id, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(new.title, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(new.place, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(new.reference, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', '')); END",
    "CREATE VIRTUAL TABLE truce_summary_search USING fts5(title, place, reference, content='', tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO truce_summary_search(rowid, title, place, reference) SELECT id, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(cases_casesummary.title, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(cases_casesummary.place, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce((SELECT reference FROM cases_case WHERE id = cases_casesummary.case_id), ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', '') FROM cases_casesummary",
    "CREATE TRIGGER truce_summary_search_insert AFTER INSERT ON cases_casesummary BEGIN INSERT INTO truce_summary_search(rowid, title, place, reference) VALUES (new.id, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(new.title, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(new.place, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce((SELECT reference FROM cases_case WHERE id = new.case_id), ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', '')); END",
    "CREATE TRIGGER truce_summary_search_delete AFTER DELETE ON cases_casesummary BEGIN INSERT INTO truce_summary_search(truce_summary_search, rowid, title, place, reference) VALUES ('delete', old.id, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(old.title, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(old.place, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce((SELECT reference FROM cases_case WHERE id = old.case_id), ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', '')); END",
    "CREATE TRIGGER truce_summary_search_update AFTER UPDATE OF title, place ON cases_casesummary BEGIN INSERT INTO truce_summary_search(truce_summary_search, rowid, title, place, reference) VALUES ('delete', old.id, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(old.title, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(old.place, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce((SELECT reference FROM cases_case WHERE id = old.case_id), ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', '')); INSERT INTO truce_summary_search(rowid, title, place, reference) VALUES (new.id, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(new.title, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(new.place, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce((SELECT reference FROM cases_case WHERE id = new.case_id), ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', '')); END",
    "CREATE VIRTUAL TABLE truce_report_search USING fts5(title, place, content='', tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO truce_report_search(rowid, title, place) SELECT id, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(reports_report.title, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(reports_report.place, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', '') FROM reports_report",
    "CREATE TRIGGER truce_report_search_insert AFTER INSERT ON reports_report BEGIN INSERT INTO truce_report_search(rowid, title, place) VALUES (new.id, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(new.title, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(new.place, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', '')); END",
    "CREATE TRIGGER truce_report_search_delete AFTER DELETE ON reports_report BEGIN INSERT INTO truce_report_search(truce_report_search, rowid, title, place) VALUES ('delete', old.id, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(old.title, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(old.place, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', '')); END",
    "CREATE TRIGGER truce_report_search_update AFTER UPDATE OF title, place ON reports_report BEGIN INSERT INTO truce_report_search(truce_report_search, rowid, title, place) VALUES ('delete', old.id, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(old.title, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(old.place, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', '')); INSERT INTO truce_report_search(rowid, title, place) VALUES (new.id, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(new.title, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', ''), replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(coalesce(new.place, ''), 'ً', ''), 'ٌ', ''), 'ٍ', ''), 'َ', ''), 'ُ', ''), 'ِ', ''), 'ّ', ''), 'ْ', ''), 'ٓ', ''), 'ٔ', ''), 'ٕ', ''), 'ٰ', ''), 'ـ', '')); END",
]
SQLITE_DROP = [
    'DROP TRIGGER IF EXISTS truce_case_search_insert',
    'DROP TRIGGER IF EXISTS truce_case_search_delete',
    'DROP TRIGGER IF EXISTS truce_case_search_update',
    'DROP TABLE IF EXISTS truce_case_search',
    'DROP TRIGGER IF EXISTS truce_summary_search_insert',
    'DROP TRIGGER IF EXISTS truce_summary_search_delete',
    'DROP TRIGGER IF EXISTS truce_summary_search_update',
    'DROP TABLE IF EXISTS truce_summary_search',
    'DROP TRIGGER IF EXISTS truce_report_search_insert',
    'DROP TRIGGER IF EXISTS truce_report_search_delete',
    'DROP TRIGGER IF EXISTS truce_report_search_update',
    'DROP TABLE IF EXISTS truce_report_search',
]
PG_FUNCTION_UNACCENT = 'CREATE OR REPLACE FUNCTION truce_search_text(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT translate(public.unaccent(\'public.unaccent\'::regdictionary, $1), \'!"#$%&\'\'()*+,-./:;<=>?@[\\]^_`{|}~«»،؛؟٪٫٬ًٌٍَُِّْٰٕٓٔـ\', \'                                        \') $$'
PG_FUNCTION_PLAIN = 'CREATE OR REPLACE FUNCTION truce_search_text(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT translate($1, \'!"#$%&\'\'()*+,-./:;<=>?@[\\]^_`{|}~«»،؛؟٪٫٬ًٌٍَُِّْٰٕٓٔـ\', \'                                        \') $$'
PG_INDEXES = [
    "CREATE INDEX cases_case_title_place_reference_fts ON cases_case USING gin (to_tsvector('simple'::regconfig, truce_search_text(coalesce(title, '') || ' ' || coalesce(place, '') || ' ' || coalesce(reference, ''))))",
    "CREATE INDEX cases_case_reference_fts ON cases_case USING gin (to_tsvector('simple'::regconfig, truce_search_text(coalesce(reference, ''))))",
    "CREATE INDEX cases_casesummary_title_place_fts ON cases_casesummary USING gin (to_tsvector('simple'::regconfig, truce_search_text(coalesce(title, '') || ' ' || coalesce(place, ''))))",
    "CREATE INDEX reports_report_title_place_fts ON reports_report USING gin (to_tsvector('simple'::regconfig, truce_search_text(coalesce(title, '') || ' ' || coalesce(place, ''))))",
]
PG_DROP = [
    'DROP INDEX IF EXISTS cases_case_title_place_reference_fts',
    'DROP INDEX IF EXISTS cases_case_reference_fts',
    'DROP INDEX IF EXISTS cases_casesummary_title_place_fts',
    'DROP INDEX IF EXISTS reports_report_title_place_fts',
    'DROP FUNCTION IF EXISTS truce_search_text(text) CASCADE',
]
# fmt: on


def forward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in SQLITE_SCHEMA:
                cursor.execute(sql)
        elif connection.vendor == "postgresql":
            unaccent = True
            try:
                with transaction.atomic(using=connection.alias), connection.cursor() as probe:
                    probe.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
            except Exception:
                # Not allowed to create it here: accents then count on PostgreSQL (see docs/operations.md).
                unaccent = False
            cursor.execute(PG_FUNCTION_UNACCENT if unaccent else PG_FUNCTION_PLAIN)
            for sql in PG_INDEXES:
                cursor.execute(sql)


def backward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in SQLITE_DROP:
                cursor.execute(sql)
        elif connection.vendor == "postgresql":
            for sql in PG_DROP:
                cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_case_summaries_per_party"),
        ("reports", "0004_report_time_and_injured"),
    ]

    operations = [migrations.RunPython(forward, backward)]
