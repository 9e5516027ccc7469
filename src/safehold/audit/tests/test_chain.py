"""The hash chain over the audit log and `safehold audit verify` (issue 15.9): an intact chain verifies;
a row edited, removed or inserted behind the model's back (raw SQL with the append-only trigger out of
the way, as a superuser or the tables' owner could) is found and named."""

from __future__ import annotations

import datetime as dt
import re
import threading
from contextlib import contextmanager
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from safehold.audit import chain
from safehold.audit.models import AccessEvent, AuditEvent, ChainHead
from safehold.audit.services import audit_access, audit_change
from safehold.returns.imports.common import audit_imported

ON_SQLITE = connection.vendor == "sqlite"
TABLES = {"audit_auditevent": AuditEvent, "audit_accessevent": AccessEvent}


@contextmanager
def behind_the_models_back(table):
    """A cursor that can UPDATE and DELETE audit rows: the trigger switched off (PostgreSQL, as its owner
    could) or dropped (SQLite), and put back afterwards."""
    with connection.cursor() as cursor:
        if ON_SQLITE:
            cursor.execute(f"DROP TRIGGER {table}_no_update")
        else:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
        yield cursor
        if ON_SQLITE:
            cursor.execute(f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                           f"BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;")
        else:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")


def verify_output(*args) -> str:
    out = StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


def verify_fails(*args) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify", *args, stdout=StringIO())
    return str(caught.value)


@pytest.fixture
def five_of_each(child, users):
    """Five changes and five views of `child`, through the services the application uses."""
    worker = users["social_worker"]
    changes, views = [], []
    for n in range(5):
        changes.append(audit_change(actor=worker, action="person.update", instance=child,
                                    before={"forename": f"A{n}"}, after={"forename": f"B{n}"},
                                    person_id=child.pk, reason=f"Correction {n}"))
        views.append(audit_access(user=worker, person_id=child.pk, view="record", basis="scope"))
    return {"audit_auditevent": changes, "audit_accessevent": views}


def rows_of(table):
    return list(TABLES[table].objects.order_by("seq"))


# --- Writing ----------------------------------------------------------------------------------------

def test_each_row_holds_the_hash_of_the_row_before_it(five_of_each):
    for table in TABLES:
        rows = rows_of(table)
        assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
        assert rows[0].prev_hash == chain.GENESIS
        for before, after in pairwise(rows):
            assert after.prev_hash == before.hash
        assert len({r.hash for r in rows}) == len(rows)
        head = ChainHead.objects.get(log=table)
        assert (head.seq, head.hash) == (rows[-1].seq, rows[-1].hash)


def test_the_hash_covers_every_field_the_row_records(five_of_each):
    row = five_of_each["audit_auditevent"][2]
    values = {name: getattr(row, name) for name in chain.CHAINED_FIELDS["audit_auditevent"]}
    assert chain.row_hash(AuditEvent, row.seq, row.prev_hash, values) == row.hash
    for name, other in [("reason", "Nothing to see"), ("changes", {"forename": ["A2", "X"]}),
                        ("actor_id", 999), ("at", row.at + dt.timedelta(microseconds=1)), ("ip", "10.0.0.9")]:
        assert chain.row_hash(AuditEvent, row.seq, row.prev_hash, {**values, name: other}) != row.hash, name


def test_hash_is_the_same_after_the_database_gives_the_row_back(child, users):
    awkward = {"float": [0.1, 1e20], "whole": [None, 2.0], "nested": [{"b": 1, "a": "é"}, ["x", True]]}
    written = audit_change(actor=users["admin"], action="person.update", instance=child, before={},
                           after=awkward, person_id=child.pk)
    read = AuditEvent.objects.get(pk=written.pk)
    values = {name: getattr(read, name) for name in chain.CHAINED_FIELDS["audit_auditevent"]}
    assert chain.row_hash(AuditEvent, read.seq, read.prev_hash, values) == written.hash
    assert "chain intact" in verify_output()


def test_imported_rows_are_chained_in_one_go(child, other_child, users):
    audit_change(actor=users["admin"], action="person.update", instance=child, after={"x": 1})
    audit_imported(by=users["analyst"], action="import.cin", source="cin.xml", person_ids=[child.pk, other_child.pk])
    rows = rows_of("audit_auditevent")
    assert [r.action for r in rows] == ["person.update", "import.cin", "import.cin"]
    assert [r.seq for r in rows] == [1, 2, 3] and rows[2].prev_hash == rows[1].hash
    assert "chain intact" in verify_output()


def test_a_writer_cannot_skip_conflicting_rows(users, child):
    with pytest.raises(PermissionError):
        AuditEvent.objects.bulk_create([AuditEvent(at=timezone.now(), action="x", object_type="x", object_id="1")],
                                       ignore_conflicts=True)


def test_a_lost_head_starts_again_from_the_last_row(five_of_each, child, users):
    ChainHead.objects.all().delete()  # as a test runner's flush leaves it
    row = audit_access(user=users["admin"], person_id=child.pk, view="record", basis="administration")
    assert row.seq == 6 and row.prev_hash == five_of_each["audit_accessevent"][-1].hash
    assert "chain intact" in verify_output()


# --- Verifying --------------------------------------------------------------------------------------

def test_an_intact_chain_verifies_with_the_count_checked(five_of_each):
    out = verify_output("--batch-size", "2")
    assert "accessevent: 5 rows checked, chain intact" in out
    assert "auditevent: 5 rows checked, chain intact" in out
    assert "Audit log verified: 10 rows, both chains intact" in out


def test_an_empty_log_verifies(db):
    assert "Audit log verified: 0 rows" in verify_output()


@pytest.mark.parametrize("table", list(TABLES))
def test_an_update_behind_the_models_back_is_found_and_named(table, five_of_each):
    victim = five_of_each[table][2]
    column = "reason" if table == "audit_auditevent" else "view"
    with behind_the_models_back(table) as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = 'nothing happened' WHERE id = %s", [victim.pk])
    message = verify_fails("--batch-size", "2")
    assert f"row id {victim.pk} (place 3) was altered after it was written" in message
    assert table.removeprefix("audit_") in message


def test_a_rewritten_hash_is_found_at_the_next_row(five_of_each):
    """The tamperer edits a row and recomputes its hash: the next row still holds the old one."""
    rows = five_of_each["audit_auditevent"]
    victim = rows[1]
    values = {name: getattr(victim, name) for name in chain.CHAINED_FIELDS["audit_auditevent"]}
    values["reason"] = "Routine"
    forged = chain.row_hash(AuditEvent, victim.seq, victim.prev_hash, values)
    with behind_the_models_back("audit_auditevent") as cursor:
        cursor.execute("UPDATE audit_auditevent SET reason = 'Routine', hash = %s WHERE id = %s", [forged, victim.pk])
    message = verify_fails()
    assert f"row id {rows[2].pk} (place 3) does not follow row id {victim.pk}" in message


@pytest.mark.parametrize("table", list(TABLES))
def test_a_deleted_row_is_found(table, five_of_each):
    rows = five_of_each[table]
    with behind_the_models_back(table) as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [rows[2].pk])
    message = verify_fails()
    assert f"rows are missing: place 3, after id {rows[1].pk} and before id {rows[3].pk}" in message


def test_rows_deleted_from_the_end_are_found(five_of_each):
    rows = five_of_each["audit_accessevent"]
    with behind_the_models_back("audit_accessevent") as cursor:
        cursor.execute("DELETE FROM audit_accessevent WHERE id >= %s", [rows[3].pk])
    assert "places 4 to 5" in verify_fails()


def test_a_row_slipped_in_is_found(five_of_each, users):
    """A forged row put in at place 3, chained properly after row 2, with the rows after it moved on."""
    rows = five_of_each["audit_auditevent"]
    values = {name: getattr(rows[2], name) for name in chain.CHAINED_FIELDS["audit_auditevent"]}
    values.update(reason="Consent given", actor_id=users["admin"].pk)
    forged = chain.row_hash(AuditEvent, 3, rows[1].hash, values)
    with behind_the_models_back("audit_auditevent") as cursor:
        cursor.execute("UPDATE audit_auditevent SET seq = seq + 1000 WHERE seq >= 3")
        cursor.execute("UPDATE audit_auditevent SET seq = seq - 999 WHERE seq >= 1000")
        cursor.execute("UPDATE audit_chainhead SET seq = 6 WHERE log = 'audit_auditevent'")
    AuditEvent.objects.bulk_create([AuditEvent(id=999, **{**values, "at": rows[2].at})])  # chained at place 7
    with behind_the_models_back("audit_auditevent") as cursor:
        cursor.execute("UPDATE audit_auditevent SET seq = 3, prev_hash = %s, hash = %s WHERE id = 999",
                       [rows[1].hash, forged])
        cursor.execute("UPDATE audit_chainhead SET seq = 6, hash = %s WHERE log = 'audit_auditevent'", [rows[4].hash])
    assert f"row id {rows[2].pk} (place 4) does not follow row id 999" in verify_fails()


def test_a_chain_rewritten_whole_is_caught_by_a_recorded_head(five_of_each):
    """Someone who recomputes every hash after their edit passes the plain walk: the head recorded
    elsewhere (--expect) does not."""
    out = verify_output()
    recorded = re.search(r"head (auditevent:\d+:[0-9a-f]{64})", out).group(1)
    rows = rows_of("audit_auditevent")
    with behind_the_models_back("audit_auditevent") as cursor:
        prev = chain.GENESIS
        for row in rows:
            values = {name: getattr(row, name) for name in chain.CHAINED_FIELDS["audit_auditevent"]}
            if row.seq == 2:
                values["reason"] = "Routine"
            digest = chain.row_hash(AuditEvent, row.seq, prev, values)
            cursor.execute("UPDATE audit_auditevent SET reason = %s, prev_hash = %s, hash = %s WHERE id = %s",
                           [values["reason"], prev, digest, row.pk])
            prev = digest
        cursor.execute("UPDATE audit_chainhead SET hash = %s WHERE log = 'audit_auditevent'", [prev])
    assert "Audit log verified" in verify_output()
    message = verify_fails("--expect", recorded)
    assert "does not hold the hash recorded for place 5: the chain was rewritten" in message


def test_verify_refuses_a_malformed_expectation(db):
    assert "--expect takes LOG:PLACE:HASH" in verify_fails("--expect", "auditevent:5:abc")


# --- Concurrency (PostgreSQL: real concurrent transactions) ------------------------------------------

@pytest.mark.skipif(ON_SQLITE, reason="SQLite serialises writers: concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain_without_deadlock(child, users):
    """Eight threads write changes and views at once, some alone, some in transactions holding both
    kinds of row in either order: no error, no fork, no deadlock, and the chain holds."""
    workers, rounds = 8, 12
    start, errors = threading.Barrier(workers), []

    def write(n):
        user = users["social_worker"]
        try:
            start.wait()
            for i in range(rounds):
                change = dict(actor=user, action="person.update", instance=child, after={"n": n, "i": i},
                              person_id=child.pk)
                view = dict(user=user, person_id=child.pk, view="record", basis="scope")
                if i % 3 == 0:
                    audit_change(**change)
                    audit_access(**view)
                elif (i + n) % 2:
                    with transaction.atomic():
                        audit_access(**view)
                        audit_change(**change)
                else:
                    with transaction.atomic():
                        audit_change(**change)
                        audit_access(**view)
        except Exception as exc:  # noqa: BLE001 (collected: the assertion below names it)
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert AuditEvent.objects.count() == AccessEvent.objects.count() == workers * rounds
    for report in chain.verify():
        assert report.intact, report.problem
        assert report.checked == report.head_seq == workers * rounds


# --- The migration back-fills rows written before the chain ----------------------------------------

@pytest.mark.django_db(transaction=True)
def test_the_migration_chains_the_rows_already_written_in_id_order(users):
    before_chain = [("audit", "0004_alter_accessevent_basis")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("audit")
    try:
        executor.migrate(before_chain)
        old = executor.loader.project_state(before_chain).apps
        OldChange, OldView = old.get_model("audit", "AuditEvent"), old.get_model("audit", "AccessEvent")
        now = timezone.now()
        for n in range(7):
            OldChange.objects.create(at=now - dt.timedelta(minutes=n), actor_id=users["admin"].pk, action="old",
                                     object_type="people.person", object_id=str(n), changes={"n": [n, n + 0.5]},
                                     ip="::ffff:10.0.0.1")
            OldView.objects.create(at=now, user_id=users["admin"].pk, person_id=n, view="record", basis="scope")
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("audit"))
    changes = list(AuditEvent.objects.order_by("id"))
    assert [c.seq for c in changes] == list(range(1, 8))  # id order, not time order
    newer = audit_access(user=users["admin"], person_id=1, view="record", basis="scope")
    assert newer.seq == 8
    for report in chain.verify():
        assert report.intact, report.problem
    assert "7 rows checked" in verify_output() and "8 rows checked" in verify_output()
    # the append-only trigger survived the migration (SQLite rebuilds the table to add a unique column)
    with pytest.raises((IntegrityError, DatabaseError)):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET reason = 'x'")
