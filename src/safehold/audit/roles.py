"""The two PostgreSQL roles (issue 15.9): `safehold db roles` prints this SQL, or runs it with --apply.

- The owner role owns the database, the schema and every table, sequence and function in it. It runs
  `safehold migrate` and nothing else: an owner can TRUNCATE the audit tables and switch off their
  append-only triggers.
- The application role, which the web application and its worker connect as, may SELECT, INSERT,
  UPDATE and DELETE rows and use sequences, and nothing else: no DDL, no TRUNCATE, no triggers; on the
  audit tables only SELECT and INSERT, and it cannot remove a chain's head. Default privileges give it
  the same on every table the owner creates later; after every `migrate` the owner takes UPDATE,
  DELETE and TRUNCATE on the audit tables away again (`checks.revoke_audit_rewrites`).

The script can be run again at any time (after a migration, or to repair grants): every statement is
idempotent. It needs a superuser (or a role with CREATEROLE that owns the database) to run. It sets no
passwords: set them with psql's `\\password ROLE`, or use certificate or peer authentication.
"""

from __future__ import annotations

import re

from .checks import AUDIT_TABLES

_ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def roles_sql(*, database: str, owner: str = "safehold_owner", app: str = "safehold_app",
              schema: str = "public") -> list[str]:
    """The statements, in order. Role and schema names must be plain lower-case identifiers."""
    for what, name in (("owner", owner), ("app", app), ("schema", schema)):
        if not _ROLE.fullmatch(name):
            raise ValueError(f"--{what} must be a lower-case name of letters, digits and _ (not {name!r})")
    if owner == app:
        raise ValueError("The owner and the application role must be two different roles")
    if not database or "\x00" in database:
        raise ValueError("Give the database name (--database)")
    db = _ident(database)
    not_in_extension = "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = {oid} AND d.deptype = 'e')"
    audit = ", ".join(f"{schema}.{t}" for t in AUDIT_TABLES)
    audit_exists = " AND ".join(f"to_regclass('{schema}.{t}') IS NOT NULL" for t in AUDIT_TABLES)
    return [
        "-- The two roles. No passwords here: set them with psql's \\password, or use certificates.",
        f"""DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{owner}') THEN CREATE ROLE {owner} LOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{app}') THEN CREATE ROLE {app} LOGIN; END IF;
END $$;""",  # nosec B608: role and schema names are checked against _ROLE above
        f"ALTER ROLE {owner} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;",
        f"ALTER ROLE {app} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;",
        f"REVOKE {owner} FROM {app};  -- the application must not act as the owner",
        "-- The database and its schema belong to the owner; the application may connect and use the schema.",
        f"ALTER DATABASE {db} OWNER TO {owner};",
        f"REVOKE ALL ON DATABASE {db} FROM PUBLIC;",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {app};",
        f"ALTER SCHEMA {schema} OWNER TO {owner};",
        f"REVOKE ALL ON SCHEMA {schema} FROM PUBLIC;",
        f"REVOKE ALL ON SCHEMA {schema} FROM {app};",
        f"GRANT USAGE ON SCHEMA {schema} TO {app};",
        "-- Everything already in the schema (an earlier one-role setup) passes to the owner.",
        f"""DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
            WHERE c.relnamespace = '{schema}'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
              AND c.relowner <> '{owner}'::regrole AND {not_in_extension.format(oid="c.oid")} LOOP
    EXECUTE format(CASE r.relkind WHEN 'v' THEN 'ALTER VIEW %s OWNER TO {owner}'
                                  WHEN 'm' THEN 'ALTER MATERIALIZED VIEW %s OWNER TO {owner}'
                                  ELSE 'ALTER TABLE %s OWNER TO {owner}' END, r.name);
  END LOOP;
  FOR r IN SELECT c.oid::regclass AS name FROM pg_class c
            WHERE c.relnamespace = '{schema}'::regnamespace AND c.relkind = 'S'
              AND c.relowner <> '{owner}'::regrole AND {not_in_extension.format(oid="c.oid")} LOOP
    EXECUTE format('ALTER SEQUENCE %s OWNER TO {owner}', r.name);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p
            WHERE p.pronamespace = '{schema}'::regnamespace AND p.proowner <> '{owner}'::regrole
              AND {not_in_extension.format(oid="p.oid")} LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO {owner}', r.name);
  END LOOP;
END $$;""",  # nosec B608: role and schema names are checked against _ROLE above
        "-- The application role: rows only, never the schema (no TRUNCATE, REFERENCES or TRIGGER).",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {app};",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app};",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {app};",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {app};",
        "-- ... and the same on every table and sequence the owner creates from now on.",
        (f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
         f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app};"),
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} GRANT USAGE ON SEQUENCES TO {app};",
        "-- The audit log: read and append only (its triggers refuse UPDATE and DELETE even to the owner).",
        f"""DO $$ BEGIN
  IF {audit_exists} THEN
    REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {audit} FROM PUBLIC, {app};
  END IF;
  IF to_regclass('{schema}.audit_chainhead') IS NOT NULL THEN
    REVOKE DELETE, TRUNCATE ON {schema}.audit_chainhead FROM PUBLIC, {app};
  END IF;
END $$;""",  # nosec B608: role and schema names are checked against _ROLE above
    ]


def roles_script(**kwargs) -> str:
    return "\n".join(roles_sql(**kwargs)) + "\n"
