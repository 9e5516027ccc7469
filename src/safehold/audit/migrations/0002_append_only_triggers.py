"""The audit tables refuse UPDATE and DELETE at the database (security.md B2, ASVS 16.4.2).

PostgreSQL: row triggers refuse UPDATE and DELETE. The application's database role should also hold
no TRUNCATE right on these tables (docs/operations.md); the test runner's flush uses TRUNCATE.
SQLite (the demo database): a trigger refuses UPDATE; DELETE stays possible because the test runner
empties tables with DELETE, and the model layer refuses it.
"""

from django.db import migrations

TABLES = ["audit_auditevent", "audit_accessevent"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            """
            CREATE OR REPLACE FUNCTION safehold_audit_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'audit rows are append-only (%% on %%)', TG_OP, TG_TABLE_NAME;
            END;
            $$ LANGUAGE plpgsql;
            """
        )
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION safehold_audit_append_only();"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
            )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update;")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS safehold_audit_append_only();")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
