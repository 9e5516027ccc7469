"""Backup and restore of the PostgreSQL database, with a manifest that proves the restore (issue 15).

`backup` writes a custom-format dump (`pg_dump --format=custom`) and, beside it, a manifest: for every
table its row count and a checksum of its rows, taken in the same snapshot as the dump (the checksums
are computed inside a REPEATABLE READ transaction whose snapshot pg_dump is given, so work going on
while the backup runs cannot make the two disagree). `restore` runs pg_restore into a database and then
computes the same figures there; any table whose count or checksum differs is reported and the command
fails. `verify` (restore --verify-only) does the second half alone: it finds a database that no longer
matches its backup, such as a row edited after the restore.

A table's checksum is the md5 of its rows' md5s in primary key order, each row as PostgreSQL writes it
(`row::text`, with the date, time zone and number formats fixed), i.e. in SQL

    SELECT md5(coalesce(string_agg(md5(t::text), '' ORDER BY <primary key>), '')) FROM <table> t

The row digests are read through a server-side cursor and combined here, so a table of any size is
checked without building one long string in the server. A table with no primary key is read in the
order of the row digests themselves.

The dump holds every child's record: it is written owner-only (0600) under a temporary name and renamed
when complete, so a half-written dump never looks like a backup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess  # nosec B404: runs pg_dump and pg_restore with argument lists, never a shell
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, LiteralString

import psycopg
from psycopg import sql

MANIFEST_FORMAT = "safehold-backup-manifest/1"
MANIFEST_SUFFIX = ".manifest.json"
CHECKSUM_METHOD = "md5(coalesce(string_agg(md5(t::text), '' ORDER BY primary key), ''))"

# Fixed output formats, so a row is written the same way whoever computes its digest.
_SESSION = (
    "SET LOCAL TimeZone = 'UTC'",
    "SET LOCAL DateStyle = 'ISO, YMD'",
    "SET LOCAL IntervalStyle = 'postgres'",
    "SET LOCAL extra_float_digits = 1",
    "SET LOCAL bytea_output = 'hex'",
)

_TABLES = """
SELECT n.nspname, c.relname,
       (SELECT array_agg(a.attname::text ORDER BY k.ord)
          FROM pg_constraint con
         CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
         WHERE con.conrelid = c.oid AND con.contype = 'p')
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
 ORDER BY 1, 2
"""

# libpq settings Django's OPTIONS may carry (DATABASE_URL's ?sslmode=... and so on), as PG* variables.
_LIBPQ_ENV = {
    "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
    "sslpassword": None, "connect_timeout": "PGCONNECT_TIMEOUT", "application_name": "PGAPPNAME",
    "options": "PGOPTIONS", "target_session_attrs": "PGTARGETSESSIONATTRS", "passfile": "PGPASSFILE",
    "service": "PGSERVICE", "sslcrl": "PGSSLCRL", "gssencmode": "PGGSSENCMODE",
}


class BackupError(Exception):
    """Something an operator must put right; the message says what."""


@dataclass(frozen=True)
class Target:
    """Where a database is: the parts of a Django DATABASES entry that libpq needs."""

    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""
    options: dict = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings_dict: Mapping[str, Any]) -> Target:
        return cls(name=settings_dict.get("NAME") or "", host=settings_dict.get("HOST") or "",
                   port=str(settings_dict.get("PORT") or ""), user=settings_dict.get("USER") or "",
                   password=settings_dict.get("PASSWORD") or "",
                   options={k: v for k, v in (settings_dict.get("OPTIONS") or {}).items() if k in _LIBPQ_ENV})

    @classmethod
    def parse(cls, value: str, *, like: Target) -> Target:
        """A postgres:// URL, or a bare database name on the same server as `like`."""
        if "://" in value:
            import dj_database_url  # noqa: PLC0415

            parsed = dj_database_url.parse(value)
            if "postgresql" not in parsed["ENGINE"]:
                raise BackupError(f"{_safe_url(value)} is not a PostgreSQL database")
            return cls.from_settings(parsed)
        if not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_$-]{0,62}", value):
            raise BackupError(f"{value!r} is not a database name (letters, digits, _ and -)")
        return cls(name=value, host=like.host, port=like.port, user=like.user, password=like.password,
                   options=like.options)

    def with_name(self, name: str) -> Target:
        return Target(name=name, host=self.host, port=self.port, user=self.user, password=self.password,
                      options=self.options)

    def describe(self) -> str:
        where = f"{self.host or 'localhost'}:{self.port or 5432}"
        return f"{self.name} on {where}" + (f" as {self.user}" if self.user else "")

    def connect(self, *, autocommit: bool = True) -> psycopg.Connection:
        kwargs: dict[str, Any] = {"dbname": self.name, "autocommit": autocommit}
        for key, value in (("host", self.host), ("port", self.port), ("user", self.user),
                           ("password", self.password)):
            if value:
                kwargs[key] = value
        kwargs.update(self.options)
        try:
            return psycopg.connect(**kwargs)
        except psycopg.OperationalError as exc:
            raise BackupError(f"Cannot connect to {self.describe()}: {str(exc).strip()}") from exc

    def env(self) -> dict[str, str]:
        """The environment for pg_dump/pg_restore: the password never appears on a command line."""
        env = dict(os.environ)
        for key, var in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"), ("password", "PGPASSWORD")):
            value = getattr(self, key)
            if value:
                env[var] = value
        for key, value in self.options.items():
            if libpq_var := _LIBPQ_ENV.get(key):
                env[libpq_var] = str(value)
        env["PGDATABASE"] = self.name
        return env


def _safe_url(url: str) -> str:
    return re.sub(r"//([^:/@]*):[^@]*@", r"//\1:***@", url)


# --- Client programs and versions -------------------------------------------------------------------

def find_program(name: str, pg_bin: str | None) -> str:
    if pg_bin:
        path = Path(pg_bin) / name
        if not path.is_file():
            raise BackupError(f"{name} is not in {pg_bin} (--pg-bin / SAFEHOLD_PG_BIN)")
        return str(path)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client of the server's major version "
                          f"(Debian/Ubuntu: apt-get install postgresql-client-<major>), or give --pg-bin")
    return found


def client_version(program: str) -> tuple[int, str]:
    """(major, full) of a PostgreSQL client program: 'pg_dump (PostgreSQL) 15.20 (Debian ...)' -> (15, '15.20')."""
    out = subprocess.run([program, "--version"], capture_output=True, text=True,  # nosec B603: no shell
                         check=False).stdout
    match = re.search(r"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?", out)
    if not match:
        raise BackupError(f"Cannot tell the version of {program}: {out.strip() or 'no output'}")
    return int(match[1]), f"{match[1]}.{match[2] or 0}"


def _value(conn: psycopg.Connection, query: LiteralString) -> Any:
    """The one value a query that always returns one row gives (SHOW, pg_export_snapshot())."""
    row = conn.execute(query).fetchone()
    if row is None:
        raise BackupError(f"No result from {query}")
    return row[0]


def server_version(conn: psycopg.Connection) -> tuple[int, str]:
    num = int(_value(conn, "SHOW server_version_num"))
    return num // 10000, _value(conn, "SHOW server_version").split()[0]


def check_client(program: str, server_major: int, server_full: str) -> tuple[str, str | None]:
    """The client's version, and a note when it is newer than the server. An older client is refused:
    pg_dump cannot read a newer server's catalogue and pg_restore cannot be trusted with its objects."""
    major, full = client_version(program)
    name = Path(program).name
    if major < server_major:
        raise BackupError(
            f"{name} {full} is older than the PostgreSQL {server_full} server. Install the client of the same major "
            f"version (Debian/Ubuntu: apt-get install postgresql-client-{server_major}; from apt.postgresql.org if "
            f"the release has none), or point --pg-bin at it (e.g. /usr/lib/postgresql/{server_major}/bin)")
    note = None
    if major > server_major:
        note = (f"{name} {full} is newer than the server ({server_full}): it works, but restore with a client of "
                f"version {major} or later")
    return full, note


# --- Checksums --------------------------------------------------------------------------------------

def table_fingerprints(conn: psycopg.Connection) -> dict[str, dict]:
    """{"schema.table": {"rows": n, "md5": hex}} for every table, in the transaction `conn` is in.
    The caller opens the transaction (and may have exported its snapshot)."""
    for statement in _SESSION:
        conn.execute(statement)
    tables = conn.execute(_TABLES).fetchall()
    result: dict[str, dict] = {}
    for schema, table, pk in tables:
        digest = sql.SQL("md5(t::text)")
        order = sql.SQL(", ").join(sql.Identifier("t", c) for c in pk) if pk else sql.SQL("1")
        query = sql.SQL("SELECT {digest} FROM {table} AS t ORDER BY {order}").format(
            digest=digest, table=sql.Identifier(schema, table), order=order)
        md5 = hashlib.md5(usedforsecurity=False)
        rows = 0
        with conn.cursor(name=f"safehold_fingerprint_{len(result)}") as cursor:
            cursor.itersize = 20_000
            cursor.execute(query)
            for (row_digest,) in cursor:
                md5.update(row_digest.encode("ascii"))
                rows += 1
        result[f"{schema}.{table}"] = {"rows": rows, "md5": md5.hexdigest()}
    return result


def fingerprints_of(target: Target) -> dict[str, dict]:
    """The fingerprints of a database now, read in one consistent snapshot."""
    with target.connect() as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            return table_fingerprints(conn)
        finally:
            conn.execute("ROLLBACK")


def compare(expected: dict[str, dict], actual: dict[str, dict]) -> list[str]:
    """Every difference between a manifest's tables and a database's, as sentences; [] if they match."""
    problems = []
    for table in sorted(expected.keys() | actual.keys()):
        want, got = expected.get(table), actual.get(table)
        if got is None:
            problems.append(f"{table}: in the backup ({expected[table]['rows']} rows) but not in the database")
        elif want is None:
            problems.append(f"{table}: in the database ({actual[table]['rows']} rows) but not in the backup")
        elif want["rows"] != got["rows"]:
            problems.append(f"{table}: {got['rows']} rows, the backup has {want['rows']}")
        elif want["md5"] != got["md5"]:
            problems.append(f"{table}: {got['rows']} rows as in the backup, but their contents differ "
                            f"(checksum {got['md5']}, the backup's {want['md5']})")
    return problems


# --- Backup -----------------------------------------------------------------------------------------

@dataclass
class BackupResult:
    dump: Path
    manifest: Path
    tables: int
    rows: int
    seconds: float
    notes: list[str]


def default_dump_path(data_dir: Path, now: dt.datetime | None = None) -> Path:
    now = now or dt.datetime.now(dt.UTC)
    return Path(data_dir) / "backups" / f"safehold-{now:%Y%m%d-%H%M%S}.dump"


def manifest_path_for(dump: Path) -> Path:
    return dump.with_name(dump.name + MANIFEST_SUFFIX)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_private(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.partial")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def backup(source: Target, dump: Path, *, pg_bin: str | None = None, app_version: str = "") -> BackupResult:
    """Dump `source` to `dump` (custom format) and write the manifest beside it."""
    started = time.monotonic()
    dump = Path(dump)
    manifest = manifest_path_for(dump)
    for path in (dump, manifest):
        if path.exists():
            raise BackupError(f"{path} already exists: choose another file name")
    pg_dump = find_program("pg_dump", pg_bin)
    dump.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = dump.with_name(f".{dump.name}.partial")
    if partial.exists():
        partial.unlink()  # left by an interrupted backup
    notes: list[str] = []
    with source.connect() as conn:
        server_major, server_full = server_version(conn)
        dump_version, note = check_client(pg_dump, server_major, server_full)
        notes += [note] if note else []
        # One snapshot for the dump and the checksums: the manifest describes exactly what was dumped.
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            snapshot = _value(conn, "SELECT pg_export_snapshot()")
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
            done = subprocess.run(  # nosec B603: an argument list (no shell); the password is in the environment
                [pg_dump, "--format=custom", f"--file={partial}", f"--snapshot={snapshot}", "--no-password"],
                env=source.env(), capture_output=True, text=True, check=False)  # the database: PGDATABASE
            if done.returncode != 0:
                raise BackupError(f"pg_dump failed (exit {done.returncode}): {done.stderr.strip()}")
            tables = table_fingerprints(conn)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        finally:
            if not conn.closed:
                conn.execute("ROLLBACK")
    os.chmod(partial, 0o600)
    os.replace(partial, dump)
    document = {
        "format": MANIFEST_FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": source.name,
        "server_version": server_full,
        "pg_dump_version": dump_version,
        "safehold_version": app_version,
        "dump": {"file": dump.name, "bytes": dump.stat().st_size, "sha256": _sha256(dump)},
        "checksum": CHECKSUM_METHOD,
        "tables": tables,
    }
    _write_private(manifest, json.dumps(document, indent=1, sort_keys=True) + "\n")
    return BackupResult(dump=dump, manifest=manifest, tables=len(tables),
                        rows=sum(t["rows"] for t in tables.values()), seconds=time.monotonic() - started,
                        notes=notes)


# --- Restore ----------------------------------------------------------------------------------------

def read_manifest(path: Path) -> dict:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"No manifest at {path}: it is written beside the dump by `safehold backup` "
                          f"(give --manifest if it was moved)") from exc
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path} is not a backup manifest: {exc}") from exc
    if not isinstance(document, dict) or document.get("format") != MANIFEST_FORMAT \
            or not isinstance(document.get("tables"), dict):
        raise BackupError(f"{path} is not a Safehold backup manifest ({MANIFEST_FORMAT})")
    return document


def user_tables(conn: psycopg.Connection) -> list[str]:
    return [f"{schema}.{table}" for schema, table, _pk in conn.execute(_TABLES).fetchall()]


def database_exists(target: Target) -> bool:
    with target.with_name("postgres").connect() as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target.name]).fetchone() is not None


def create_database(target: Target) -> None:
    with target.with_name("postgres").connect() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target.name)))


def _tables_phrase(tables: list[str]) -> str:
    if len(tables) == 1:
        return f"1 table ({tables[0]})"
    return f"{len(tables)} tables (e.g. {', '.join(tables[:3])})"


@dataclass
class RestoreResult:
    restored: bool
    problems: list[str]
    tables: int
    rows: int
    seconds: float
    notes: list[str]


def restore(dump: Path, manifest: dict, target: Target, *, force: bool = False, verify_only: bool = False,
            create: bool = False, no_owner: bool = False, pg_bin: str | None = None) -> RestoreResult:
    """pg_restore `dump` into `target` (unless verify_only), then compare it with the manifest."""
    started = time.monotonic()
    notes: list[str] = []
    if not verify_only:
        dump = Path(dump)
        if not dump.is_file():
            raise BackupError(f"No dump at {dump}")
        expected = manifest.get("dump", {})
        if expected.get("sha256") and _sha256(dump) != expected["sha256"]:
            raise BackupError(f"{dump} is not the file the manifest describes (its SHA-256 differs): the dump is "
                              f"damaged or was replaced. Nothing was restored.")
        pg_restore = find_program("pg_restore", pg_bin)
        if create and not database_exists(target):
            create_database(target)
            notes.append(f"Created database {target.name}")
        with target.connect() as conn:
            server_major, server_full = server_version(conn)
            _version, note = check_client(pg_restore, server_major, server_full)
            notes += [note] if note else []
            present = user_tables(conn)
        if present and not force:
            raise BackupError(
                f"{target.describe()} is not empty: it has {_tables_phrase(present)}. Restore "
                f"into a new, empty database (createdb, or --create), or give --force to drop and replace "
                f"everything the backup holds in it.")
        command = [pg_restore, f"--dbname={target.name}", "--no-password", "--exit-on-error", "--single-transaction"]
        if force:
            command += ["--clean", "--if-exists"]
        if no_owner:
            command += ["--no-owner", "--no-privileges"]
        done = subprocess.run([*command, str(dump.resolve())], env=target.env(),  # nosec B603: an argument list, no shell
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise BackupError(f"pg_restore failed (exit {done.returncode}), nothing was restored (one transaction): "
                              f"{done.stderr.strip()}")
    actual = fingerprints_of(target)
    problems = compare(manifest["tables"], actual)
    return RestoreResult(restored=not verify_only, problems=problems, tables=len(actual),
                         rows=sum(t["rows"] for t in actual.values()), seconds=time.monotonic() - started,
                         notes=notes)
