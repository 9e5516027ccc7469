"""The append-only audit log: every change (AuditEvent) and every view of a child's record (AccessEvent).

Rows are only ever inserted. The model refuses save() of an existing row and delete(); on
PostgreSQL a trigger refuses UPDATE and DELETE as well (migration 0002), so even a raw SQL fix
cannot rewrite history (security.md B2 16.4.2). Personal data is not copied in: rows carry ids and
the before/after values of the fields that changed.

Each log is also a hash chain (chain.py, issue 15.9): every row holds its place, the previous row's hash
and its own, so an edit made behind the model's back (by a role that can disable the triggers) is
found by `safehold audit verify`.
"""

from django.conf import settings
from django.db import connections, models, router, transaction

from .chain import link


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit rows are append-only")

    def delete(self):
        raise PermissionError("Audit rows are append-only")

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            raise PermissionError("Audit rows are append-only: every row given is written")
        objs = list(objs)
        self._for_write = True
        lock_both = connections[self.db].in_atomic_block
        with transaction.atomic(using=self.db):
            link(self.model, objs, self.db, lock_both=lock_both)
            return super().bulk_create(objs, *args, **kwargs)


class AppendOnly(models.Model):
    # The hash chain (chain.py): set when the row is written, never by a caller.
    seq = models.BigIntegerField(unique=True, editable=False)  # place in this log's chain, from 1
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit rows are append-only")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        lock_both = connections[using].in_atomic_block
        with transaction.atomic(using=using):
            link(type(self), [self], using, lock_both=lock_both)
            return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit rows are append-only")


class AuditEvent(AppendOnly):
    """A change: who, when, what record, what changed (before and after), and why."""

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    action = models.CharField(max_length=60, db_index=True)  # an AuditAction value (audit/actions.py)
    object_type = models.CharField(max_length=60)  # app_label.model
    object_id = models.CharField(max_length=40)
    # The child (or adult) whose record this belongs to, for "what happened on this record".
    person_id = models.BigIntegerField(null=True, db_index=True)
    changes = models.JSONField(default=dict)  # {field: [before, after]}
    reason = models.TextField(blank=True)
    ip = models.GenericIPAddressField(null=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["actor", "at"])]


class AccessEvent(AppendOnly):
    """A view of (or refused attempt to view) a person's record (security.md B4.6)."""

    class Basis(models.TextChoices):
        SCOPE = "scope", "Role and team"
        GRANT = "grant", "Named access to a restricted record"
        BREAK_GLASS = "break_glass", "Break glass"
        ADMINISTRATION = "administration", "Administration of access (no record content)"
        AUDIT = "audit", "Case file audit assigned to them"
        SUBJECT_ACCESS = "subject_access", "Subject access request bundle (information governance)"
        RESTRICTED = "restricted", "Refused: restricted record"
        OUT_OF_SCOPE = "out_of_scope", "Refused: outside role and team"
        NO_PERMISSION = "no_permission", "Refused: role has no access"

    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    person_id = models.BigIntegerField(db_index=True)
    view = models.CharField(max_length=60)  # what was looked at: record, chronology, history ...
    basis = models.CharField(max_length=20, choices=Basis.choices)
    break_glass_id = models.BigIntegerField(null=True)
    ip = models.GenericIPAddressField(null=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "at"])]

    @property
    def allowed(self) -> bool:
        return self.basis in {self.Basis.SCOPE, self.Basis.GRANT, self.Basis.BREAK_GLASS, self.Basis.ADMINISTRATION,
                              self.Basis.AUDIT, self.Basis.SUBJECT_ACCESS}


class ChainHead(models.Model):
    """The end of one log's hash chain: its last place and hash. Writers lock this row to chain a new
    row; a trigger moves it on INSERT (migration 0005). `safehold audit verify` checks the chain runs
    all the way to it, so rows removed from the end are found too."""

    log = models.CharField(max_length=40, primary_key=True)  # the audit table: audit_auditevent ...
    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)

    def __str__(self):
        return f"{self.log} at {self.seq}"
