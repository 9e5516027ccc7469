"""The owner and application roles, and the refusal to run as a role that could rewrite the audit log
(issue 15.9). The end-to-end part builds a throwaway PostgreSQL database: `safehold db roles --apply`,
`safehold migrate` as the owner, then shows what the application role can and cannot do."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from safehold.audit.checks import check_database_role

ON_SQLITE = connection.vendor == "sqlite"
needs_postgresql = pytest.mark.skipif(ON_SQLITE, reason="database roles are PostgreSQL's: run with DATABASE_URL")


def roles_sql(*args) -> str:
    out = StringIO()
    call_command("db", "roles", "--database", "safehold", *args, stdout=out)
    return out.getvalue()


def test_db_roles_prints_the_two_roles_and_what_the_application_may_do():
    sql = roles_sql()
    assert "CREATE ROLE safehold_owner LOGIN" in sql and "CREATE ROLE safehold_app LOGIN" in sql
    assert 'ALTER DATABASE "safehold" OWNER TO safehold_owner;' in sql
    assert "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO safehold_app;" in sql
    assert "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO safehold_app;" in sql
    assert ("ALTER DEFAULT PRIVILEGES FOR ROLE safehold_owner IN SCHEMA public "
            "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO safehold_app;") in sql
    assert ("REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON public.audit_auditevent, "
            "public.audit_accessevent FROM PUBLIC, safehold_app;") in sql
    assert "PASSWORD" not in sql


@pytest.mark.parametrize("args", [["--app", "Robert'); DROP TABLE x;--"], ["--owner", "same", "--app", "same"]])
def test_db_roles_refuses_unsafe_or_identical_names(args):
    with pytest.raises(CommandError):
        roles_sql(*args)


@pytest.mark.skipif(not ON_SQLITE, reason="the SQLite case: `make test` runs check --deploy on SQLite")
@override_settings(SAFEHOLD_REFUSE_PRIVILEGED_DB=True)
def test_the_role_check_stays_quiet_on_sqlite(db):
    assert check_database_role() == []


@needs_postgresql
@override_settings(SAFEHOLD_REFUSE_PRIVILEGED_DB=True)
def test_the_role_check_refuses_a_superuser(db):
    errors = check_database_role()
    assert [e.id for e in errors] == ["audit.E001"]
    assert "superuser" in errors[0].msg


@needs_postgresql
def test_the_role_check_is_off_outside_the_production_settings(db):
    assert check_database_role() == []


# --- End to end on a throwaway database ----------------------------------------------------------------

def _run(args, env, settings="safehold.config.settings.test"):
    full = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": settings}
    return subprocess.run([sys.executable, "-m", "django", *args] if args[0] != "-c" else [sys.executable, *args],
                          env=full, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def throwaway():
    """A new database, its two roles set up by `safehold db roles --apply`, migrated by the owner."""
    if ON_SQLITE:
        pytest.skip("database roles are PostgreSQL's: run with DATABASE_URL")
    import psycopg

    settings = connection.settings_dict
    host, port, admin = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432, settings["USER"]
    tag = secrets.token_hex(4)
    name, owner, app, password = f"safehold_roles_{tag}", f"sh_owner_{tag}", f"sh_app_{tag}", secrets.token_hex(12)

    def url(role, pw=password):
        return f"postgres://{role}:{pw}@{host}:{port}/{name}" if pw else f"postgres://{role}@{host}:{port}/{name}"

    def admin_connect(dbname="postgres"):
        return psycopg.connect(host=host, port=port, user=admin, password=settings["PASSWORD"] or None,
                               dbname=dbname, autocommit=True)

    with admin_connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    superuser = f"postgres://{admin}:{settings['PASSWORD']}@{host}:{port}/{name}" if settings["PASSWORD"] \
        else url(admin, None)
    try:
        applied = _run(["db", "roles", "--apply", "--owner", owner, "--app", app], {"DATABASE_URL": superuser})
        assert applied.returncode == 0, applied.stderr
        with admin_connect() as conn:
            for role in (owner, app):
                conn.execute(f"ALTER ROLE {role} PASSWORD '{password}'")
        migrated = _run(["migrate", "-v0"], {"DATABASE_URL": url(owner)})
        assert migrated.returncode == 0, migrated.stderr
        yield {"name": name, "owner": owner, "app": app, "url": url, "superuser": superuser,
               "connect": lambda role: psycopg.connect(url(role), autocommit=True)}
    finally:
        with admin_connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f"DROP ROLE IF EXISTS {app}")
            conn.execute(f"DROP ROLE IF EXISTS {owner}")


WRITE_THROUGH_THE_APP = (
    "import django; django.setup();"
    "from django.utils import timezone;"
    "from safehold.audit.models import AccessEvent, AuditEvent;"
    "[AccessEvent.objects.create(at=timezone.now(), user_id=1, person_id=n, view='record', basis='scope') "
    " for n in range(3)];"
    "AuditEvent.objects.create(at=timezone.now(), action='person.update', object_type='people.person', "
    " object_id='1', changes={'forename': ['A', 'B']}, reason='typo')"
)


@needs_postgresql
def test_the_application_role_appends_to_the_audit_log_but_cannot_rewrite_it(throwaway):
    import psycopg

    app = throwaway["app"]
    wrote = _run(["-c", WRITE_THROUGH_THE_APP], {"DATABASE_URL": throwaway["url"](app)})
    assert wrote.returncode == 0, wrote.stderr
    with throwaway["connect"](app) as conn:
        assert conn.execute("SELECT count(*) FROM audit_accessevent").fetchone() == (3,)
        for statement in ["UPDATE audit_accessevent SET view = 'nothing'",
                          "DELETE FROM audit_accessevent",
                          "TRUNCATE audit_accessevent",
                          "TRUNCATE audit_auditevent",
                          "UPDATE audit_auditevent SET reason = ''",
                          "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only",
                          "DROP TRIGGER audit_auditevent_append_only ON audit_auditevent",
                          "DELETE FROM audit_chainhead",
                          "TRUNCATE audit_chainhead",
                          "CREATE TABLE scratch (id int)"]:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        # other tables: rows, not the table itself
        conn.execute("UPDATE django_session SET expire_date = expire_date")
        conn.execute("DELETE FROM django_session WHERE false")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("TRUNCATE django_session")
        assert conn.execute("SELECT count(*) FROM audit_accessevent").fetchone() == (3,)
    verified = _run(["audit", "verify"], {"DATABASE_URL": throwaway["url"](app)})
    assert verified.returncode == 0, verified.stderr
    assert "accessevent: 3 rows checked, chain intact" in verified.stdout


@needs_postgresql
def test_an_owners_edit_behind_the_triggers_is_found_by_verify(throwaway):
    owner = throwaway["owner"]
    wrote = _run(["-c", WRITE_THROUGH_THE_APP], {"DATABASE_URL": throwaway["url"](throwaway["app"])})
    assert wrote.returncode == 0, wrote.stderr
    with throwaway["connect"](owner) as conn:
        victim = conn.execute("SELECT id FROM audit_auditevent ORDER BY seq LIMIT 1").fetchone()[0]
        with conn.transaction():
            conn.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
            conn.execute("UPDATE audit_auditevent SET reason = 'routine' WHERE id = %s", [victim])
            conn.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")
    verified = _run(["audit", "verify"], {"DATABASE_URL": throwaway["url"](throwaway["app"])})
    assert verified.returncode == 1
    assert f"row id {victim} (place 1) was altered after it was written" in verified.stderr


PRODUCTION = {"DJANGO_SECRET_KEY": "roles-test-" + "x" * 50, "DJANGO_ALLOWED_HOSTS": "safehold.example.org"}


@needs_postgresql
@pytest.mark.parametrize("who, refused", [("superuser", "audit.E001"), ("owner", "audit.E002"), ("app", None)])
def test_production_settings_refuse_a_superuser_or_the_owner(throwaway, tmp_path, who, refused):
    url = throwaway["superuser"] if who == "superuser" else throwaway["url"](throwaway[who])
    env = {**PRODUCTION, "DATABASE_URL": url, "SAFEHOLD_DATA_DIR": str(tmp_path)}
    checked = _run(["check", "--deploy"], env, settings="safehold.config.settings.production")
    started = _run(["-c", "import safehold.config.wsgi"], env, settings="safehold.config.settings.production")
    if refused:
        assert checked.returncode != 0 and refused in checked.stderr
        assert started.returncode != 0 and "ImproperlyConfigured" in started.stderr and refused in started.stderr
    else:
        assert "audit.E" not in checked.stderr + checked.stdout
        assert started.returncode == 0, started.stderr
