"""The hash chain over the audit log (issue 15.9, chain.py).

Adds each row's place (seq), the previous row's hash and its own hash; back-fills the rows already
written in id order (the append-only trigger is switched off for that, inside this migration's
transaction, which only the tables' owner can do); records each chain's head; and adds the trigger that
moves the head on INSERT.

SQLite rebuilds a table to add a unique column, which drops its triggers: the append-only trigger of
migration 0002 is put back afterwards (and on the way back down).
"""

from django.db import migrations, models

from safehold.audit.chain import CHAINED_FIELDS, GENESIS, row_hash

TABLES = {"audit_auditevent": "AuditEvent", "audit_accessevent": "AccessEvent"}
BATCH = 5000


def backfill(apps, schema_editor):
    connection = schema_editor.connection
    ChainHead = apps.get_model("audit", "ChainHead")
    for table, name in TABLES.items():
        model = apps.get_model("audit", name)
        names = CHAINED_FIELDS[table]
        if connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
        elif connection.vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        seq, prev, last_id = 0, GENESIS, 0
        while True:
            rows = list(model.objects.using(connection.alias).filter(id__gt=last_id).order_by("id")
                        .values_list("id", *names)[:BATCH])
            if not rows:
                break
            updates = []
            for row_id, *values in rows:
                seq += 1
                digest = row_hash(model, seq, prev, dict(zip(names, values, strict=True)))
                updates.append((seq, prev, digest, row_id))
                prev, last_id = digest, row_id
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {table} SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s",  # nosec B608
                    updates)
        if connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")
        ChainHead.objects.using(connection.alias).create(log=table, seq=seq, hash=prev)


def chain_head_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            """
            CREATE OR REPLACE FUNCTION safehold_audit_chain_head() RETURNS trigger AS $$
            BEGIN
                UPDATE audit_chainhead h SET seq = n.seq, hash = n.hash
                  FROM (SELECT seq, hash FROM new_rows ORDER BY seq DESC LIMIT 1) n
                 WHERE h.log = TG_TABLE_NAME AND n.seq > h.seq;
                RETURN NULL;
            END;
            $$ LANGUAGE plpgsql;
            """
        )
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_chain_head AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows "
                f"FOR EACH STATEMENT EXECUTE FUNCTION safehold_audit_chain_head();")
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;")
            schema_editor.execute(
                f"CREATE TRIGGER {table}_chain_head AFTER INSERT ON {table} BEGIN "
                f"UPDATE audit_chainhead SET seq = NEW.seq, hash = NEW.hash "
                f"WHERE log = '{table}' AND NEW.seq > seq; END;")  # nosec B608: the two tables above


def drop_chain_head_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_chain_head ON {table};")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_chain_head;")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS safehold_audit_chain_head();")


def restore_sqlite_append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;")


def chain_fields(null: bool):
    return [
        ("seq", models.BigIntegerField(editable=False, null=True) if null
         else models.BigIntegerField(editable=False, unique=True)),
        ("prev_hash", models.CharField(editable=False, max_length=64, null=null)),
        ("hash", models.CharField(editable=False, max_length=64, null=null)),
    ]


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0004_alter_accessevent_basis"),
    ]

    operations = [
        # Reversed last: after SQLite's rebuilds on the way down, the append-only trigger comes back.
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_append_only),
        migrations.CreateModel(
            name="ChainHead",
            fields=[
                ("log", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("seq", models.BigIntegerField()),
                ("hash", models.CharField(max_length=64)),
            ],
        ),
        *[migrations.AddField(model_name=model, name=name, field=f)
          for model in ("auditevent", "accessevent") for name, f in chain_fields(null=True)],
        migrations.RunPython(backfill, migrations.RunPython.noop),
        *[migrations.AlterField(model_name=model, name=name, field=f)
          for model in ("auditevent", "accessevent") for name, f in chain_fields(null=False)],
        migrations.RunPython(chain_head_triggers, drop_chain_head_triggers),
    ]
