"""Full-text search over cases, party summaries and reports (truce.cases.search): FTS5 tables kept by
triggers on SQLite, GIN indexes on a tsvector on PostgreSQL. Only what the database in use needs is
created."""

from django.db import migrations, transaction


def forward(apps, schema_editor):
    from truce.cases import search

    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in search.sqlite_schema():
                cursor.execute(sql)
        elif connection.vendor == "postgresql":
            unaccent = True
            try:
                with transaction.atomic(using=connection.alias), connection.cursor() as probe:
                    probe.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
            except Exception:
                # Not allowed to create it here: accents then count on PostgreSQL (see docs/operations.md).
                unaccent = False
            cursor.execute(search.pg_function(unaccent))
            for sql in search.pg_indexes():
                cursor.execute(sql)


def backward(apps, schema_editor):
    from truce.cases import search

    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in search.sqlite_drop():
                cursor.execute(sql)
        elif connection.vendor == "postgresql":
            for sql in search.pg_drop():
                cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_case_summaries_per_party"),
        ("reports", "0004_report_time_and_injured"),
    ]

    operations = [migrations.RunPython(forward, backward)]
