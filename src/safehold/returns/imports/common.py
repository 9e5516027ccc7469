"""What every import shares: the report of what it did and refused, the account imports are recorded
by, matching people already on the record, and the all-or-nothing rule.

An import reads the whole file first and checks every child's rows against the record's rules (the
same rules the services apply, and the DfE's where they say what the data must be). A child with any
refused row is set aside whole, with every reason, so nothing of theirs is half-loaded; everyone else
loads in one transaction, so a failure part-way leaves the record as it was. Matching on what is
already there (LA child ID, then UPN) and on each event's own date makes a second run of the same
file change nothing."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from safehold.audit.actions import audit_action
from safehold.audit.models import AuditEvent

IMPORT_USERNAME = "safehold-import"


@dataclass
class Refusal:
    where: str  # "child 12 (line 340)", "episodes.csv row 7"
    child: str
    reasons: list[str]


@dataclass
class ImportReport:
    source: str
    created: Counter = field(default_factory=Counter)
    matched: Counter = field(default_factory=Counter)  # already on the record: left as it is
    refused: list[Refusal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # loaded, with something a person should check
    skipped: list[str] = field(default_factory=list)  # parts of the file not loaded, and why

    def refuse(self, where: str, child: str, reasons: list[str]) -> None:
        self.refused.append(Refusal(where, child, reasons))

    @property
    def changed(self) -> bool:
        return sum(self.created.values()) > 0

    def lines(self) -> list[str]:
        out = [f"{self.source}: created " + (", ".join(f"{n} {k}" for k, n in self.created.items() if n) or "nothing")]
        if self.matched:
            out.append("Already on the record (unchanged): " + ", ".join(f"{n} {k}" for k, n in self.matched.items()))
        out.extend(self.skipped)
        if self.notes:
            out.append(f"To check: {len(self.notes)}")
            out.extend(f"  {n}" for n in self.notes)
        out.append(f"Refused: {len(self.refused)}")
        for r in self.refused:
            out.append(f"  {r.where}, child {r.child or '(no ID)'}: " + "; ".join(r.reasons))
        return out


def import_user():
    """The account imported records are recorded by: it cannot sign in (no usable password, inactive)."""
    User = get_user_model()
    user, created = User.objects.get_or_create(username=IMPORT_USERNAME, defaults={
        "first_name": "Data", "last_name": "import", "is_active": False})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def parse_date(value: str | None, name: str, problems: list[str], *, formats=("%Y-%m-%d",)) -> dt.date | None:
    """A date from the file, or None when blank; a value that is no date is a problem naming the field."""
    text = (value or "").strip()
    if not text:
        return None
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    problems.append(f"{name} {text!r} is not a date")
    return None


def check_code(value: str, allowed, name: str, problems: list[str], *, required: bool = False) -> str:
    text = (value or "").strip()
    if not text:
        if required:
            problems.append(f"{name} is missing")
        return ""
    if text not in allowed:
        problems.append(f"{name} {text!r} is not a valid code")
        return ""
    return text


def constraint_message(exc: Exception) -> str:
    return str(exc).splitlines()[0][:300]


def load_all_or_nothing(report: ImportReport, new: list, matched: list, load, where_and_child, *,
                        whole: str = "the file") -> None:
    """Load the children new to the record together, then those already on it together in a savepoint
    (or, if that fails, each in a savepoint of its own), all inside one transaction. A child the record cannot reconcile (a rule the checks missed) is
    refused alone; anything else failing leaves the record as it was, and the report says so.
    `load(items, report)` loads; `where_and_child(item)` names an item for the report."""
    def absorb(part: ImportReport) -> None:
        report.created.update(part.created)
        report.matched.update(part.matched)
        report.notes.extend(part.notes)

    try:
        # Durable: an import is its own transaction, never part of a caller's (whose rollback would undo it
        # after the report said it loaded); Django refuses to nest it.
        with transaction.atomic(durable=True):
            load(new, report)
            if matched:  # all together first (a rerun of the same file is the common case) ...
                part = ImportReport(source=report.source)
                try:
                    with transaction.atomic():
                        load(matched, part)
                except IntegrityError:
                    pass
                else:
                    absorb(part)
                    matched = []
            for item in matched:  # ... and one by one if that failed, to find the child who cannot load
                part = ImportReport(source=report.source)
                try:
                    with transaction.atomic():
                        load([item], part)
                except IntegrityError as exc:
                    where, child = where_and_child(item)
                    report.refuse(where, child, ["The record cannot take this child's data as it stands: "
                                                 + constraint_message(exc)])
                    continue
                absorb(part)
    except IntegrityError as exc:
        report.created.clear()
        report.matched.clear()
        report.refuse(whole, "", [f"Nothing was loaded: the record refused it ({constraint_message(exc)})"])


def audit_imported(*, by, action: str, source: str, person_ids) -> None:
    """One audit event per child an import created or changed (who, when, what: the file)."""
    action, now = audit_action(action), timezone.now()
    AuditEvent.objects.bulk_create([
        AuditEvent(at=now, actor=by, action=action, object_type="people.person", object_id=str(pk), person_id=pk,
                   changes={"imported": [None, source]}, reason=f"Imported from {source}")
        for pk in person_ids], batch_size=5000)
