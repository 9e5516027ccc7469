"""The application must not connect as a role that could rewrite the audit log (issue 15.9).

A PostgreSQL superuser, the owner of the audit tables (or a member of the owning role) can
`DISABLE TRIGGER`, `TRUNCATE` or `ALTER` them, and so can any role holding UPDATE, DELETE or TRUNCATE
on them. Under the production settings (`SAFEHOLD_REFUSE_PRIVILEGED_DB`) the deployment check
(`safehold check --deploy`) reports such a role as an error, and the WSGI application refuses to start
(`refuse_privileged_database`, called from config/wsgi.py). `safehold migrate` runs as the owner, on
purpose: migrations and other management commands are not refused. SQLite (the demo) has no roles.

After each migration, `revoke_audit_rewrites` takes UPDATE, DELETE and TRUNCATE on the audit tables
(DELETE and TRUNCATE on the chain heads) away from every role but their owner: default privileges (`safehold db roles`) give the application
role those rights on every new table, the audit tables included.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections

AUDIT_TABLES = ("audit_auditevent", "audit_accessevent")

_ROLE_SQL = """
SELECT current_user, r.rolsuper, t.name, pg_get_userbyid(c.relowner),
       c.oid IS NOT NULL AND pg_has_role(current_user, c.relowner, 'MEMBER'),
       c.oid IS NOT NULL AND (has_table_privilege(c.oid, 'UPDATE') OR has_table_privilege(c.oid, 'DELETE')
                              OR has_table_privilege(c.oid, 'TRUNCATE'))
  FROM pg_roles r
 CROSS JOIN unnest(%s::text[]) AS t(name)
  LEFT JOIN pg_class c ON c.oid = to_regclass(t.name)
 WHERE r.rolname = current_user
"""


def database_role_errors(using: str = DEFAULT_DB_ALIAS) -> list[checks.CheckMessage]:
    """What is wrong with the role `using` connects as; [] when it cannot rewrite the audit log."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    try:
        with connection.cursor() as cursor:
            cursor.execute(_ROLE_SQL, [list(AUDIT_TABLES)])
            rows = cursor.fetchall()
    except Exception as exc:  # noqa: BLE001 (cannot tell: refuse rather than run unchecked)
        return [checks.Error(f"Could not check the database role: {exc}", id="audit.E004",
                             hint="Safehold checks that it does not connect as a superuser or the owner.")]
    if not rows:
        return [checks.Error("Could not find the database role Safehold connects as", id="audit.E004")]
    role, superuser = rows[0][0], rows[0][1]
    if superuser:
        return [checks.Error(
            f"Safehold connects to PostgreSQL as {role}, a superuser, who can switch off the audit log's "
            "triggers and rewrite it", id="audit.E001",
            hint="Run the application as the application role (`safehold db roles`, docs/operations.md).")]
    errors = []
    for _role, _super, table, owner, owns, rewrites in rows:
        if owns:
            errors.append(checks.Error(
                f"Safehold connects to PostgreSQL as {role}, which owns (or may act as {owner}, the owner "
                f"of) {table} and can truncate it or switch off its triggers", id="audit.E002",
                hint="The owner role runs `safehold migrate` only; the application connects as the "
                     "application role (`safehold db roles`, docs/operations.md)."))
        elif rewrites:
            errors.append(checks.Error(
                f"Safehold's database role {role} may UPDATE, DELETE or TRUNCATE {table}", id="audit.E003",
                hint=f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {role} (`safehold db roles`)."))
    return errors


@checks.register(checks.Tags.security, deploy=True)
def check_database_role(app_configs=None, databases=None, **kwargs):
    if not getattr(settings, "SAFEHOLD_REFUSE_PRIVILEGED_DB", False):
        return []
    return database_role_errors(DEFAULT_DB_ALIAS)


def refuse_privileged_database() -> None:
    """At start-up of the web application: refuse to serve as a role that could rewrite the audit log."""
    if not getattr(settings, "SAFEHOLD_REFUSE_PRIVILEGED_DB", False):
        return
    try:
        errors = database_role_errors(DEFAULT_DB_ALIAS)
    finally:
        connections[DEFAULT_DB_ALIAS].close()  # not carried into forked workers or another thread
    if errors:
        raise ImproperlyConfigured("; ".join(f"{e.id}: {e.msg}" for e in errors))


# What no role but the owner may do: rewrite or empty the logs, or remove a chain's head (the
# application moves the head on: it keeps UPDATE there).
WITHHELD = {"audit_auditevent": ("UPDATE", "DELETE", "TRUNCATE"), "audit_accessevent": ("UPDATE", "DELETE", "TRUNCATE"),
            "audit_chainhead": ("DELETE", "TRUNCATE")}


def revoke_audit_rewrites(using: str = DEFAULT_DB_ALIAS, verbosity: int = 1, **kwargs) -> list[str]:
    """Take UPDATE, DELETE and TRUNCATE on the audit tables (DELETE and TRUNCATE on the chain heads)
    from every role but their owner (run after `migrate`, as the owner). Returns the statements run."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    statements = []
    with connection.cursor() as cursor:
        for table, privileges in WITHHELD.items():
            cursor.execute(
                """
                SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END
                  FROM pg_class c, aclexplode(c.relacl) a
                 WHERE c.oid = to_regclass(%s) AND a.grantee <> c.relowner AND a.privilege_type = ANY (%s)
                 ORDER BY 1
                """, [table, list(privileges)])
            statements += [f"REVOKE {', '.join(privileges)} ON {table} FROM {grantee}"  # nosec B608: fixed names
                           for (grantee,) in cursor.fetchall()]
        for statement in statements:
            cursor.execute(statement)
    if statements and verbosity:
        print("\n".join(f"  audit log: {s}" for s in statements))
    return statements


def _post_migrate(sender, using=DEFAULT_DB_ALIAS, verbosity=1, **kwargs):
    revoke_audit_rewrites(using, verbosity)
