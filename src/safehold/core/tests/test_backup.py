"""`safehold backup` and `safehold restore` (issue 15: information governance, backup and restore).

A small synthetic county is seeded into a database made for these tests, backed up through the real
command line, and restored into other new databases; the restored copy must hold the same rows with
the same checksums, and a copy changed afterwards must be caught by `restore --verify-only`. Every
database made here has a unique throwaway name and is dropped afterwards. PostgreSQL only (the
SQLite demo is backed up by copying its file), except the test that SQLite is told so.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from safehold.core.backup import BackupError, Target, backup, fingerprints_of

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]
needs_postgres = pytest.mark.skipif(
    not ON_POSTGRES, reason="backup and restore are for PostgreSQL: set DATABASE_URL to a PostgreSQL database")
needs_pg_dump = pytest.mark.skipif(
    ON_POSTGRES and not (shutil.which("pg_dump") and shutil.which("pg_restore")),
    reason="pg_dump/pg_restore are not installed (apt-get install postgresql-client-15)")

SEED = "from safehold.synthetic.county import seed_county; seed_county(children=60, seed=1, quiet=True)"


def _server() -> Target:
    """The test database's server and credentials; the database name is chosen per use."""
    return Target.from_settings(settings.DATABASES["default"])


def _url(name: str) -> str:
    server = _server()
    auth = quote(server.user) + (":" + quote(server.password) if server.password else "")
    return f"postgres://{auth}@{server.host or '127.0.0.1'}:{server.port or 5432}/{name}"


def _run(*args: str, database: str | None, data_dir: Path, check: bool = False) -> subprocess.CompletedProcess:
    """A `safehold` command as an operator runs it, in its own process."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="safehold.config.settings.test", SAFEHOLD_DATA_DIR=str(data_dir))
    if database:
        env["DATABASE_URL"] = _url(database)
    done = subprocess.run([sys.executable, "-m", "safehold.cli", *args], env=env, capture_output=True, text=True,
                          timeout=600, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"safehold {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def _python(code: str, *, database: str) -> None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="safehold.config.settings.test", DATABASE_URL=_url(database))
    script = "import django; django.setup()\n" + code
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=600,
                          check=False)
    assert done.returncode == 0, done.stderr


class Databases:
    """Throwaway databases on the test server, each dropped at the end."""

    def __init__(self):
        self.made: list[str] = []

    def new(self, purpose: str) -> str:
        name = f"sh_test_{purpose}_{uuid.uuid4().hex[:10]}"
        with _server().with_name("postgres").connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        return name

    def name_only(self, purpose: str) -> str:
        """A unique name for a database the code under test creates (dropped afterwards too)."""
        name = f"sh_test_{purpose}_{uuid.uuid4().hex[:10]}"
        self.made.append(name)
        return name

    def drop_all(self) -> None:
        with _server().with_name("postgres").connect() as conn:
            for name in self.made:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory):
    """A county of 60 children in a database of its own, backed up with `safehold backup`."""
    if not ON_POSTGRES or not shutil.which("pg_dump"):
        pytest.skip("PostgreSQL and pg_dump are needed")
    dbs = Databases()
    data_dir = tmp_path_factory.mktemp("safehold-data")
    try:
        source = dbs.new("backup_source")
        _run("migrate", "--noinput", "-v0", database=source, data_dir=data_dir, check=True)
        _python(SEED, database=source)
        done = _run("backup", database=source, data_dir=data_dir, check=True)
        [dump] = (data_dir / "backups").glob("safehold-*.dump")
        manifest = json.loads(Path(f"{dump}.manifest.json").read_text())
        yield {"source": source, "dump": dump, "manifest": manifest, "data_dir": data_dir, "output": done.stdout}
    finally:
        dbs.drop_all()


@pytest.fixture
def databases():
    dbs = Databases()
    yield dbs
    dbs.drop_all()


def _tables(fingerprints):
    return {table: figures["rows"] for table, figures in fingerprints.items()}


@needs_postgres
@needs_pg_dump
def test_the_backup_is_a_private_custom_format_dump_with_a_manifest_of_every_table(backed_up):
    dump, manifest = backed_up["dump"], backed_up["manifest"]
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600
    assert stat.S_IMODE(Path(f"{dump}.manifest.json").stat().st_mode) == 0o600
    rows = _tables(manifest["tables"])
    assert rows["public.people_person"] == 96  # 60 children and 36 adults
    assert rows["public.accounts_user"] == 90
    assert "public.audit_auditevent" in rows and "public.django_migrations" in rows
    # The manifest is the source as it was: the same counts and checksums read from it now.
    assert manifest["tables"] == fingerprints_of(_server().with_name(backed_up["source"]))
    assert manifest["dump"]["bytes"] == dump.stat().st_size


@needs_postgres
@needs_pg_dump
def test_a_restore_into_a_fresh_database_has_the_same_counts_and_checksums(backed_up, databases):
    target = databases.new("restore")
    done = _run("restore", str(backed_up["dump"]), "--target", target, database=backed_up["source"],
                data_dir=backed_up["data_dir"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "matches the backup" in done.stdout
    restored = fingerprints_of(_server().with_name(target))
    source = fingerprints_of(_server().with_name(backed_up["source"]))
    assert restored == source == backed_up["manifest"]["tables"]
    assert _tables(restored)["public.people_person"] == 96


@needs_postgres
@needs_pg_dump
def test_verify_only_reports_rows_changed_or_removed_after_the_restore(backed_up, databases):
    target = databases.name_only("tampered")
    dump = str(backed_up["dump"])
    run = dict(database=backed_up["source"], data_dir=backed_up["data_dir"])
    assert _run("restore", dump, "--target", target, "--create", **run).returncode == 0
    clean = _run("restore", dump, "--target", target, "--verify-only", **run)
    assert clean.returncode == 0 and "matches the backup" in clean.stdout

    with _server().with_name(target).connect() as conn:
        conn.execute("UPDATE people_person SET surname = 'Changed' WHERE id = (SELECT min(id) FROM people_person)")
        conn.execute("DELETE FROM people_relationship WHERE id = (SELECT max(id) FROM people_relationship)")
    done = _run("restore", dump, "--target", target, "--verify-only", **run)
    assert done.returncode != 0
    assert "public.people_person: 96 rows as in the backup, but their contents differ" in done.stdout
    links = backed_up["manifest"]["tables"]["public.people_relationship"]["rows"]
    assert f"public.people_relationship: {links - 1} rows, the backup has {links}" in done.stdout
    assert "2 tables differ" in done.stderr


@needs_postgres
@needs_pg_dump
def test_restore_refuses_a_database_that_is_not_empty_unless_forced(backed_up, databases):
    target = databases.new("not_empty")
    with _server().with_name(target).connect() as conn:
        conn.execute("CREATE TABLE keep_me (id int PRIMARY KEY)")
    run = dict(database=backed_up["source"], data_dir=backed_up["data_dir"])
    done = _run("restore", str(backed_up["dump"]), "--target", target, **run)
    assert done.returncode != 0
    assert "is not empty: it has 1 table (public.keep_me)" in done.stderr and "--force" in done.stderr
    assert _tables(fingerprints_of(_server().with_name(target))) == {"public.keep_me": 0}

    forced = _run("restore", str(backed_up["dump"]), "--target", target, "--force", **run)
    # Restored, but the table the backup does not hold is still there, and is reported.
    assert "public.keep_me: in the database (0 rows) but not in the backup" in forced.stdout
    assert forced.returncode != 0
    assert _tables(fingerprints_of(_server().with_name(target)))["public.people_person"] == 96


@needs_postgres
@needs_pg_dump
def test_restore_refuses_a_dump_that_is_not_the_one_its_manifest_describes(backed_up, databases, tmp_path):
    damaged = tmp_path / "damaged.dump"
    data = bytearray(backed_up["dump"].read_bytes())
    data[len(data) // 2] ^= 0xFF  # one byte changed
    damaged.write_bytes(bytes(data))
    shutil.copy(f"{backed_up['dump']}.manifest.json", f"{damaged}.manifest.json")
    target = databases.new("damaged")
    done = _run("restore", str(damaged), "--target", target, database=backed_up["source"],
                data_dir=backed_up["data_dir"])
    assert done.returncode != 0 and "SHA-256 differs" in done.stderr
    assert fingerprints_of(_server().with_name(target)) == {}  # nothing restored


@needs_postgres
@needs_pg_dump
def test_a_pg_dump_older_than_the_server_is_refused_with_what_to_install(backed_up, tmp_path):
    fake = tmp_path / "bin" / "pg_dump"
    fake.parent.mkdir()
    fake.write_text(textwrap.dedent("""\
        #!/bin/sh
        echo "pg_dump (PostgreSQL) 9.6.24"
        """))
    fake.chmod(0o755)
    with pytest.raises(BackupError, match=r"older than the PostgreSQL .* apt-get install postgresql-client-\d+"):
        backup(_server().with_name(backed_up["source"]), tmp_path / "x.dump", pg_bin=str(fake.parent))
    assert not (tmp_path / "x.dump").exists()


def test_on_sqlite_the_commands_say_they_are_for_postgresql_and_how_to_copy_the_file(tmp_path):
    for command in (["backup"], ["restore", str(tmp_path / "x.dump")]):
        done = _run(*command, database=None, data_dir=tmp_path)
        assert done.returncode != 0
        message = " ".join(done.stderr.split())
        assert "is for PostgreSQL (set DATABASE_URL)" in message
        assert "copy the file" in message and str(tmp_path / "safehold.sqlite3") in message
