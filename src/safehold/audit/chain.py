"""The hash chain over the audit log (issue 15.9): each row holds its place in its log (`seq`), the hash
of the row before it (`prev_hash`) and its own hash, SHA-256 over a canonical form of its fields and
the previous hash. Editing, removing or inserting a row anywhere breaks the chain at that row, and
`safehold audit verify` names it.

Writing: the writer locks its log's one-row head (`ChainHead`, SELECT ... FOR UPDATE) in its own
transaction, chains the new rows after it and inserts them; a trigger (migration 0005) moves the head
to the last row inserted, so a write costs one extra small query. The lock is held until the writer's
transaction commits, so the chain follows commit order and two writers never chain after the same row
(the unique `seq` would refuse the second anyway). Inside a larger transaction both logs' heads are
locked at once, in one order, so two transactions writing both kinds of row cannot deadlock. SQLite
serialises writers itself (BEGIN IMMEDIATE).

What the chain cannot do on its own: someone who can write to the tables and recompute every hash
after the row they edited (the database owner) can forge a consistent chain. The database roles
(`safehold db roles`) keep that power away from the application, and the head printed by `safehold
audit verify`, kept somewhere else (the council's SIEM, a ticket), anchors the chain: `--expect`
checks that the row it names still holds that hash.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import ipaddress
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.utils import timezone

GENESIS = "0" * 64
SCHEME = "safehold-audit-v1"

# The fields each log hashes, beside its place (seq) and the previous hash. A new column on an audit
# table is only covered once it is listed here with a new SCHEME (and old rows verified with the old).
CHAINED_FIELDS: dict[str, tuple[str, ...]] = {
    "audit_auditevent": ("at", "actor_id", "action", "object_type", "object_id", "person_id", "changes",
                         "reason", "ip"),
    "audit_accessevent": ("at", "user_id", "person_id", "view", "basis", "break_glass_id", "ip"),
}
LOGS = tuple(sorted(CHAINED_FIELDS))  # the order heads are locked in


def _json_plain(value: Any) -> Any:
    """JSON as the database gives it back: keys are strings, and a whole-number float comes back as an
    integer from PostgreSQL's jsonb (1e20 is stored as 100000000000000000000)."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, dict):
        return {str(k): _json_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_plain(v) for v in value]
    return value


@functools.lru_cache(maxsize=4096)
def _ip(text: str) -> str | None:
    text = text.strip()
    try:
        return str(ipaddress.ip_address(text)) if text else None
    except ValueError:
        return text


def _converter(field_obj) -> Callable[[Any], Any]:
    """How one field's value is put in the form it is hashed: the same before the INSERT and after
    reading the row back from PostgreSQL or SQLite (a value of the field's own type passes as it is)."""
    internal = field_obj.get_internal_type()
    to_python = field_obj.to_python
    if internal == "JSONField":
        return lambda v: None if v is None else _json_plain(json.loads(json.dumps(v)))
    if internal == "GenericIPAddressField":  # PostgreSQL's inet gives back its own spelling of an address
        return lambda v: None if v is None else _ip(str(v))
    if internal == "DateTimeField":
        def moment(v):
            if v is None:
                return None
            if not isinstance(v, dt.datetime):
                v = to_python(v)
            if timezone.is_naive(v):
                v = timezone.make_aware(v)
            return v.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return moment
    kind = str if internal in ("CharField", "TextField") else int
    return lambda v: v if v is None or type(v) is kind else to_python(v)


_CONVERTERS: dict[type, tuple[tuple[str, Callable[[Any], Any]], ...]] = {}


def _converters(model) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    if model not in _CONVERTERS:
        meta = model._meta
        _CONVERTERS[model] = tuple((name, _converter(meta.get_field(name)))
                                   for name in CHAINED_FIELDS[meta.db_table])
    return _CONVERTERS[model]


def row_hash(model, seq: int, prev_hash: str, values: dict[str, Any]) -> str:
    """SHA-256 (hex) of a row: its log, its place, the previous row's hash and its chained fields."""
    row = {name: convert(values.get(name)) for name, convert in _converters(model)}
    payload = json.dumps({"log": model._meta.db_table, "seq": seq, "prev": prev_hash, "row": row},
                         sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(f"{SCHEME}\n{payload}".encode()).hexdigest()


def _model_for(table: str, apps=None):
    if apps is None:
        from django.apps import apps  # noqa: PLC0415
    return {m._meta.db_table: m for m in apps.get_app_config("audit").get_models()}[table]


def _lock_head(table: str, using: str, lock_both: bool):
    """Lock and return the head of `table`'s chain (one query). With `lock_both`, both logs' heads are
    locked, in LOGS order: a transaction that may go on to write the other kind of row holds both from
    its first audit write, so no two transactions wait on each other's head."""
    from .models import ChainHead  # noqa: PLC0415

    logs = list(LOGS) if lock_both else [table]
    heads = {h.log: h for h in ChainHead.objects.using(using).select_for_update().filter(log__in=logs)
             .order_by("log")}
    missing = [log for log in logs if log not in heads]
    if missing:  # a test runner's flush (TRUNCATE) empties the head table: start again from the last row
        made = []
        for log in missing:
            last = (_model_for(log).objects.using(using).exclude(seq=None).order_by("-seq")
                    .values_list("seq", "hash").first())
            made.append(ChainHead(log=log, seq=last[0] if last else 0, hash=last[1] if last else GENESIS))
        ChainHead.objects.using(using).bulk_create(made, ignore_conflicts=True)
        heads = {h.log: h for h in ChainHead.objects.using(using).select_for_update().filter(log__in=logs)
                 .order_by("log")}
    return heads[table]


def link(model, objs: Iterable, using: str, *, lock_both: bool) -> None:
    """Give new rows their place in the chain. Call inside the transaction that inserts them."""
    table = model._meta.db_table
    head = _lock_head(table, using, lock_both)
    seq, prev = head.seq, head.hash
    names = CHAINED_FIELDS[table]
    for obj in objs:
        seq += 1
        obj.seq, obj.prev_hash = seq, prev
        obj.hash = prev = row_hash(model, seq, prev, {name: getattr(obj, name) for name in names})


# --- Verifying -----------------------------------------------------------------------------------------

@dataclass
class LogReport:
    log: str
    checked: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    problem: str | None = None
    anchors_checked: list[int] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return self.problem is None


def verify_log(table: str, *, using: str = "default", batch_size: int = 5000,
               expect: dict[int, str] | None = None, apps=None) -> LogReport:
    """Walk one log's chain in order, `batch_size` rows at a time, and stop at the first break: a row
    whose content no longer matches its hash, a row that does not follow the one before it, a missing
    place (a removed row), or rows removed from the end (the head is further on than the last row).
    `expect` maps places to hashes recorded earlier (anchors). Rows written after the head was read
    are left for the next run."""
    from .models import ChainHead  # noqa: PLC0415

    model = _model_for(table, apps)
    head_model = ChainHead if apps is None else apps.get_model("audit", "ChainHead")
    report = LogReport(log=table)
    expect = dict(expect or {})
    head = head_model.objects.using(using).filter(log=table).values_list("seq", "hash").first()
    names = CHAINED_FIELDS[table]
    rows = model.objects.using(using)
    unchained = rows.filter(seq=None).count()
    if unchained:
        report.problem = f"{unchained} rows are outside the chain (no place in it): inserted behind its back"
        return report
    if head is None:
        last = rows.order_by("-seq").values_list("id", "seq").first()
        if last:
            report.problem = (f"the chain head is missing (the last row is id {last[0]}, place {last[1]}): "
                              "it was deleted")
        return report
    report.head_seq, report.head_hash = head
    expected_seq, prev_hash, prev_id = 1, GENESIS, None
    columns = ("id", "seq", "prev_hash", "hash", *names)
    while expected_seq <= report.head_seq:
        # A window of places, not "the rest, first N": each batch reads only its own rows.
        window = rows.filter(seq__gte=expected_seq, seq__lte=min(expected_seq + batch_size - 1, report.head_seq))
        batch = list(window.order_by("seq").values_list(*columns))
        if not batch:  # a hole at least a window wide: the next row there is names where it ends
            batch = list(rows.filter(seq__gt=expected_seq, seq__lte=report.head_seq).order_by("seq")
                         .values_list(*columns)[:1])
        if not batch:
            break
        for row_id, seq, stored_prev, stored_hash, *values in batch:
            where = f"row id {row_id} (place {seq})"
            if seq != expected_seq:
                after = f"after id {prev_id}" if prev_id is not None else "at the start"
                places = str(expected_seq) if seq == expected_seq + 1 else f"{expected_seq} to {seq - 1}"
                report.problem = (f"rows are missing: place {places}, {after} and before id {row_id}: "
                                  "removed from the log")
                return report
            if stored_prev != prev_hash:
                before = f"row id {prev_id}" if prev_id is not None else "the start of the chain"
                report.problem = (f"{where} does not follow {before}: the hash it holds for the row before "
                                  f"it does not match, so {before} was altered (hash rewritten), or rows "
                                  "were removed or inserted here")
                return report
            if row_hash(model, seq, stored_prev, dict(zip(names, values, strict=True))) != stored_hash:
                report.problem = f"{where} was altered after it was written: its content does not match its hash"
                return report
            if seq in expect:
                report.anchors_checked.append(seq)
                if expect.pop(seq) != stored_hash:
                    report.problem = (f"{where} does not hold the hash recorded for place {seq}: the chain "
                                      "was rewritten from there on")
                    return report
            report.checked += 1
            expected_seq, prev_hash, prev_id = seq + 1, stored_hash, row_id
    if expected_seq <= report.head_seq:
        after = f"after id {prev_id}" if prev_id is not None else "from the start"
        report.problem = (f"rows are missing at the end: places {expected_seq} to {report.head_seq} "
                          f"({after}) were removed from the log")
    elif prev_hash != report.head_hash:
        report.problem = f"the last row (id {prev_id}) does not match the chain head: it or the head was altered"
    elif expect:
        seq = min(expect)
        report.problem = f"place {seq}, recorded earlier, is beyond the end of the chain (removed?)"
    return report


def verify(*, using: str = "default", batch_size: int = 5000,
           expect: dict[str, dict[int, str]] | None = None) -> list[LogReport]:
    """Both logs' reports (AccessEvent's, then AuditEvent's)."""
    expect = expect or {}
    connections[using].ensure_connection()
    return [verify_log(table, using=using, batch_size=batch_size, expect=expect.get(table)) for table in LOGS]
