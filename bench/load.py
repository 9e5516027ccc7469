"""Benchmark: load and faults (issue 15). A mixed working day of social workers and team managers on
gunicorn and PostgreSQL with the 20,000-child county, driven by locust (headless, loopback only), then
PostgreSQL restarted under the same load.

    .venv/bin/pip install -e '.[bench]'       # locust, for this benchmark only
    .venv/bin/python bench/load.py [--users 50] [--duration 60] [--pg-port 5432] [--no-fault]
    .venv/bin/python bench/run.py load        # the same, from the benchmark runner

What it does:
1. Seeds the county (`safehold seed --children 20000 --seed 42 --years 5`) into a database of its own
   (`safehold_load`), or reuses it when an earlier run seeded it with the same figures (the database's
   comment says so; a seed that stopped half way leaves no comment and is seeded again).
2. Gives the busiest social workers (children in care on their caseload) and their team managers a
   password and an authenticator app (a TOTP device), as the production settings require both.
3. Serves the production settings with gunicorn on 127.0.0.1:8790 (not 8765, the other benchmarks'
   port) and runs --users locust users (4 social workers to 1 manager), each signing in with password
   and code, then loading a page every 0.5 to 1.5 s: home, My work or My team, a child's record, a
   search, the measures dashboard (managers), and recording a statutory visit (workers: the form, then
   saving it). Measured: --duration seconds, from --warmup seconds after everyone has signed in.
4. The fault: the load goes on while PostgreSQL is restarted (`pg_ctlcluster VERSION NAME restart`, fast
   mode: open transactions are rolled back, connections cut). Recorded: what failed and how (status,
   whether an error page leaked anything of the server's inside), how long until pages worked again,
   and that nothing was half-written: every visit saved has its audit row and its chronology entry,
   every save answered "saved" is in the database and nothing is there that was never sent, and the
   audit log's hash chain verifies (`safehold audit verify`). Then, the load stopped, PostgreSQL is
   restarted once more and 30 requests sent at once: are the workers' kept connections replaced
   (CONN_HEALTH_CHECKS), or is each worker's first request served a dead one?
   The restart needs root and a Debian cluster (pg_lsclusters) on --pg-port; without them, or while
   other databases in that cluster have clients (someone else's tests), the fault is skipped with a
   message (--force-restart restarts anyway). On a shared machine, give the benchmark a cluster of its
   own: `pg_createcluster 15 loadbench -p 5433 --start -- --auth-host=trust` and --pg-port 5433.
5. Writes the figures into docs/benchmarks.md ("Load and faults", or --title) with the machine, the date
   and how busy the cores were (other processes' share counted). On a shared machine, --nice -10 (root)
   puts the benchmark's processes and its PostgreSQL cluster ahead of other work; --quiet-wait waits
   for the machine to go quiet first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from returns import CLK_TCK, _processes, wait_quiet
from seed import machine, write_section
from worklists import BIN, ROOT, sh

PORT = 8790
DEFAULT_TITLE = "Load and faults"
MARK = "safehold load benchmark"
TARGET_MS = 300.0

ACCOUNTS = r'''
import json, random, secrets
from collections import defaultdict
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice
from safehold.accounts.models import Role, User
from safehold.casework.models import Allocation
from safehold.children_in_care.models import Placement
from safehold.people.models import Person

n_sw, n_tm, out, run = N_SW, N_TM, OUT, RUN
rng = random.Random(42)
in_care = set(Placement.objects.filter(end_date=None, period__end_date=None).values_list("person_id", flat=True))
restricted = set(Person.objects.filter(is_restricted=True).values_list("pk", flat=True))
caseload, team_children = defaultdict(list), defaultdict(list)
for worker, team, person in (Allocation.objects.filter(ended_on=None).exclude(person_id__in=restricted)
                             .values_list("worker_id", "team_id", "person_id")):
    if worker:
        caseload[worker].append(person)
    team_children[team].append(person)
workers = list(User.objects.filter(role=Role.SOCIAL_WORKER, is_active=True, pk__in=list(caseload)))
workers.sort(key=lambda u: (-len(in_care.intersection(caseload[u.pk])), -len(caseload[u.pk]), u.pk))
workers = workers[:n_sw]
teams = {u.team_id for u in workers}
managers = sorted(User.objects.filter(role=Role.TEAM_MANAGER, is_active=True, team_id__in=list(team_children)),
                  key=lambda u: (u.team_id not in teams, u.pk))[:n_tm]  # the workers' managers first
password = secrets.token_urlsafe(16)
staff = workers + managers
User.objects.filter(pk__in=[u.pk for u in staff]).update(password=make_password(password))
TOTPDevice.objects.filter(user__in=staff).delete()
keys = {}
for u in staff:
    keys[u.pk] = TOTPDevice.objects.create(user=u, name="load benchmark", confirmed=True).key
names = [f"{f} {s}" for f, s in Person.objects.filter(kind="child", is_restricted=False)
         .order_by("?").values_list("forename", "surname")[:300]]
def row(u, children):
    children = sorted(set(children))
    return {"username": u.username, "totp_key": keys[u.pk], "children": rng.sample(children, min(30, len(children))),
            "in_care": sorted(in_care.intersection(children))}
data = {"run": run, "password": password, "names": names,
        "social_workers": [row(u, caseload[u.pk]) for u in workers],
        "team_managers": [row(u, team_children[u.team_id]) for u in managers]}
with open(out, "w") as f:
    json.dump(data, f)
from django.db import connection
print(len(workers), len(managers), sum(len(a["in_care"]) for a in data["social_workers"]),
      int(bool(connection.settings_dict.get("CONN_HEALTH_CHECKS"))), connection.settings_dict.get("CONN_MAX_AGE"))
'''

INTEGRITY = r'''
import json
from safehold.audit.models import AuditEvent
from safehold.casework.models import Visit
from safehold.people.models import ChronologyEntry
run = RUN
visits = dict(Visit.objects.filter(notes__startswith=run + " ").values_list("pk", "notes"))
keys = [str(pk) for pk in visits]
audited = set(AuditEvent.objects.filter(action="cla_visit.record", object_id__in=keys).values_list("object_id", flat=True))
chronicled = set(ChronologyEntry.objects.filter(source_type="casework.visit", source_id__in=keys)
                 .values_list("source_id", flat=True))
print(json.dumps({"refs": [notes.split()[-1] for notes in visits.values()],
                  "without_audit": len(set(keys) - audited), "without_chronology": len(set(keys) - chronicled)}))
'''


def others_cpu(before: dict, after: dict, pg_port: int) -> float:
    """CPU seconds used between two snapshots by processes outside this script's tree and outside the
    PostgreSQL cluster it uses (another cluster's backends, serving someone else's tests, count)."""
    ours = {os.getpid()}
    changed = True
    while changed:
        changed = False
        for pid, (ppid, _, _) in after.items():
            if ppid in ours and pid not in ours:
                ours.add(pid)
                changed = True
    cluster = cluster_on(pg_port)
    ours_pg = f"postgres: {cluster[0]}/{cluster[1]}:" if cluster else None
    jiffies = 0
    for pid, (_, cpu, comm) in after.items():
        if pid in ours:
            continue
        if comm.startswith("postgres"):
            try:
                title = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if ours_pg is None or title.startswith(ours_pg) or not title.startswith("postgres: "):
                continue  # our cluster (or, without pg_lsclusters, any PostgreSQL: it may serve us)
        jiffies += cpu - before[pid][1] if pid in before else cpu
    return jiffies / CLK_TCK


def cpu_times() -> list[int]:
    """The machine's CPU time so far, in clock ticks: user, nice, system, idle, iowait, irq, softirq, steal."""
    return [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]


def psql(port: int, db: str, sql: str, check: bool = True) -> str:
    res = subprocess.run(["psql", "-qAt", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", db, "-c", sql],
                         capture_output=True, text=True, check=check)
    return res.stdout.strip()


def ensure_county(args, env: dict) -> str:
    """The county in its own database: reused when an earlier run seeded it with the same figures."""
    comment = f"{MARK}: children={args.children} seed=42 years={args.years}"
    found = psql(args.pg_port, "postgres", "SELECT coalesce(shobj_description(oid, 'pg_database'), '-') "
                 f"FROM pg_database WHERE datname = '{args.database}'")
    if found == comment and not args.reseed:
        print(f"reusing {args.database} ({comment})", flush=True)
        sh([str(BIN / "safehold"), "migrate", "-v0"], env)
        return "seeded by an earlier run of the script"
    if found:
        psql(args.pg_port, "postgres", f"DROP DATABASE {args.database} WITH (FORCE)")
    psql(args.pg_port, "postgres", f"CREATE DATABASE {args.database}")
    sh([str(BIN / "safehold"), "migrate", "-v0"], env)
    print(f"seeding {args.children:,} children with {args.years} years of history into {args.database}...", flush=True)
    t = time.perf_counter()
    sh([str(BIN / "safehold"), "seed", "--children", str(args.children), "--years", str(args.years), "--seed", "42",
        "--quiet"], env, stdout=subprocess.DEVNULL)
    secs = time.perf_counter() - t
    psql(args.pg_port, args.database, "VACUUM ANALYZE")
    psql(args.pg_port, "postgres", f"COMMENT ON DATABASE {args.database} IS '{comment}'")
    return f"seeded for this run in {secs:.0f} s"


def cluster_on(port: int) -> tuple[str, str] | None:
    """The Debian cluster (version, name) serving `port`, if this machine has pg_lsclusters."""
    if not shutil.which("pg_lsclusters"):
        return None
    out = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[2] == str(port):
            return parts[0], parts[1]
    return None


def raise_priority(nice: int, pg_port: int) -> str:
    """Run this script, and so gunicorn, locust and any PostgreSQL it restarts, at `nice` (negative: ahead
    of other work on a shared machine), and the PostgreSQL cluster it uses too: its postmaster, so every
    new backend, and the backends already running."""
    os.setpriority(os.PRIO_PROCESS, 0, nice)
    cluster = cluster_on(pg_port)
    if cluster is None:
        return f"this script and its servers at nice {nice}; PostgreSQL left as it was (no pg_lsclusters)"
    pid_file = Path(f"/var/lib/postgresql/{cluster[0]}/{cluster[1]}/postmaster.pid")
    try:
        postmaster = int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return f"this script and its servers at nice {nice}; PostgreSQL left as it was (no {pid_file})"
    for pid, (ppid, _, _) in _processes().items():
        if pid == postmaster or ppid == postmaster:
            os.setpriority(os.PRIO_PROCESS, pid, nice)
    return f"locust, gunicorn and PostgreSQL ({'/'.join(cluster)}) at nice {nice}"


def fault_plan(args) -> tuple[list[str] | None, str]:
    """The restart command, or None and why not."""
    if args.no_fault:
        return None, "skipped (--no-fault)"
    if os.geteuid() != 0:
        return None, "skipped: restarting PostgreSQL needs root"
    cluster = cluster_on(args.pg_port)
    if cluster is None:
        return None, f"skipped: no Debian PostgreSQL cluster (pg_lsclusters) serves port {args.pg_port}"
    others = psql(args.pg_port, "postgres", "SELECT string_agg(DISTINCT datname, ', ') FROM pg_stat_activity "
                  f"WHERE datname IS NOT NULL AND datname NOT IN ('{args.database}') AND pid <> pg_backend_pid()")
    if others and not args.force_restart:
        return None, (f"skipped: other databases in cluster {'/'.join(cluster)} have clients ({others}); a restart "
                      "would cut them off (--force-restart, or a cluster of the benchmark's own)")
    return ["pg_ctlcluster", "--mode", args.restart_mode, *cluster, "restart"], ""


def read_log(path: Path) -> list[list]:
    rows = []
    if not path.exists():
        return rows
    with open(path) as f:
        for line in f:
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                pass  # a line cut short as locust stopped
    return rows


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def page_table(rows: list[list]) -> dict[str, dict]:
    by_page: dict[str, list] = defaultdict(list)
    for r in rows:
        by_page[r[3]].append(r)
    out = {}
    for page, rs in by_page.items():
        ms = sorted(r[1] * 1000 for r in rs)
        out[page] = {"requests": len(rs), "errors": sum(1 for r in rs if not r[6]),
                     "p50": pct(ms, 50), "p95": pct(ms, 95), "p99": pct(ms, 99), "max": ms[-1]}
    return out


def wait_ready(log: Path, users: int, timeout: float) -> float:
    """Until every user has signed in (their code accepted): returns the time the last one did."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        done = {r[2]: r[0] + r[1] for r in read_log(log) if r[3] == "Sign in: code" and r[6]}
        if len(done) >= users:
            return max(done.values())
        time.sleep(1)
    raise SystemExit(f"not every user signed in within {timeout:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, default=20000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--database", default="safehold_load", help="the county's database (default safehold_load)")
    parser.add_argument("--pg-port", type=int, default=5432, help="PostgreSQL on 127.0.0.1, user postgres")
    parser.add_argument("--reseed", action="store_true", help="seed again even if the database holds the county")
    parser.add_argument("--seed-only", action="store_true", help="seed (or check) the county and stop")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started a second (they sign in first)")
    parser.add_argument("--warmup", type=int, default=10,
                        help="seconds of load, once everyone has signed in, before measuring (each server process "
                             "fills its caches: the dashboard's first load in a process is the slowest)")
    parser.add_argument("--duration", type=int, default=60, help="seconds measured after the warm-up")
    parser.add_argument("--think", default="500,1500", help="each user's pause between pages, min,max ms")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (gthread)")
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--no-fault", action="store_true", help="measure the load only; leave PostgreSQL alone")
    parser.add_argument("--force-restart", action="store_true",
                        help="restart the cluster even while other databases in it have clients")
    parser.add_argument("--restart-mode", default="fast", choices=("fast", "immediate"),
                        help="pg_ctlcluster's shutdown mode: fast (an operator's restart) or immediate (a crash)")
    parser.add_argument("--before", type=int, default=10, help="seconds of load before the restart")
    parser.add_argument("--after", type=int, default=45, help="seconds of load after the restart")
    parser.add_argument("--conn-health-checks", choices=("settings", "0", "1"), default="settings",
                        help="DATABASE_CONN_HEALTH_CHECKS for the server (default: what the settings say)")
    parser.add_argument("--quiet-wait", type=float, default=300,
                        help="seconds to wait, before starting, for other processes to go quiet")
    parser.add_argument("--nice", type=int, default=0,
                        help="run the benchmark's processes and its PostgreSQL cluster at this nice value (e.g. "
                             "-10, as root: ahead of other work on a shared machine; reported with the figures)")
    parser.add_argument("--title", default=DEFAULT_TITLE,
                        help="the section of docs/benchmarks.md to write (default: Load and faults)")
    parser.add_argument("--no-write", action="store_true", help="print the figures; leave docs/benchmarks.md alone")
    parser.add_argument("--rewrite", metavar="REPORT_JSON",
                        help="write docs/benchmarks.md again from an earlier run's report.json (no run)")
    args = parser.parse_args()
    if args.rewrite:
        saved = json.loads(Path(args.rewrite).read_text())
        old = argparse.Namespace(**{**saved["args"], "title": args.title})
        write(old, saved["report"], saved["integrity"], saved["seed_note"], saved["fault_note"], saved["run"],
              measured=(saved["date"], saved["machine"], saved["locust"]))
        return 0
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", args.database):
        return f"not a plain database name: {args.database}"
    if not (BIN / "locust").exists():
        return "locust is not installed: .venv/bin/pip install -e '.[bench]'"

    data_dir = tempfile.mkdtemp(prefix="safehold-load-")
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{args.pg_port}/{args.database}",
           "DJANGO_SETTINGS_MODULE": "safehold.config.settings.production", "DJANGO_DEBUG": "0",
           "DJANGO_SECRET_KEY": "bench-only-" + secrets.token_hex(24), "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
           "DJANGO_SECURE_SSL_REDIRECT": "0", "SAFEHOLD_DATA_DIR": data_dir,
           # A throwaway database served as the postgres superuser (no `safehold db roles` here).
           "SAFEHOLD_REFUSE_PRIVILEGED_DB": "0"}
    if args.conn_health_checks != "settings":
        env["DATABASE_CONN_HEALTH_CHECKS"] = args.conn_health_checks
    seed_note = ensure_county(args, env)
    if args.seed_only:
        return 0
    sh([str(BIN / "safehold"), "collectstatic", "--noinput", "-v0"], env)

    work = Path(tempfile.mkdtemp(prefix="safehold-load-run-"))
    run = f"load-{dt.datetime.now():%Y%m%d-%H%M%S}"
    n_tm = max(1, args.users // 5)
    script = (ACCOUNTS.replace("N_SW", str(args.users - n_tm)).replace("N_TM", str(n_tm))
              .replace("OUT", repr(str(work / "accounts.json"))).replace("RUN", repr(run)))
    counts = sh([str(BIN / "safehold"), "shell", "-c", script], env, capture_output=True, text=True).stdout
    counts = counts.strip().splitlines()[-1].split()
    print(f"accounts: {counts[0]} social workers, {counts[1]} team managers; {counts[2]} children in care on "
          f"the workers' caseloads; CONN_HEALTH_CHECKS {counts[3]}, CONN_MAX_AGE {counts[4]}", flush=True)
    args.health_checks, args.conn_max_age = counts[3] == "1", counts[4]

    restart_cmd, fault_note = fault_plan(args)
    if fault_note:
        print("fault:", fault_note, flush=True)
    log = work / "requests.jsonl"
    server_log = work / "gunicorn.log"
    server = locust = None
    fault: dict = {}
    idle: dict = {}
    wait_quiet(args.quiet_wait)
    priority = raise_priority(args.nice, args.pg_port) if args.nice else ""
    if priority:
        print(priority, flush=True)
    try:
        with open(server_log, "w") as slog:
            server = subprocess.Popen([str(BIN / "gunicorn"), "safehold.config.wsgi", "--workers", str(args.workers),
                                       "--worker-class", "gthread", "--threads", str(args.threads),
                                       "--bind", f"127.0.0.1:{args.port}", "--log-level", "warning"],
                                      env=env, stdout=slog, stderr=slog)
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    return f"gunicorn stopped: see {server_log}"
                time.sleep(0.5)
        locust_env = {**os.environ, "LOAD_ACCOUNTS": str(work / "accounts.json"), "LOAD_LOG": str(log),
                      "LOAD_THINK_MS": args.think}
        locust = subprocess.Popen([str(BIN / "locust"), "-f", str(ROOT / "bench" / "load_users.py"), "--headless",
                                   "-u", str(args.users), "-r", str(args.spawn_rate),
                                   "-H", f"http://127.0.0.1:{args.port}", "--only-summary", "--loglevel", "WARNING"],
                                  env=locust_env, stdout=open(work / "locust.log", "w"), stderr=subprocess.STDOUT)
        ready = wait_ready(log, args.users, timeout=120 + args.users * 2)
        print(f"all {args.users} users signed in; warming up {args.warmup} s, then measuring {args.duration} s",
              flush=True)
        ready += args.warmup
        time.sleep(max(0.0, ready - time.time()))
        steady_end = ready + args.duration
        before_cpu, before_times = _processes(), cpu_times()
        time.sleep(max(0.0, steady_end - time.time()))
        others = others_cpu(before_cpu, _processes(), args.pg_port)
        spent = [b - a for a, b in zip(before_times, cpu_times(), strict=True)]
        busy = 1 - (spent[3] + spent[4]) / max(1, sum(spent))  # all but idle and I/O wait
        steal = spent[7] / max(1, sum(spent))
        print(f"other processes used {others:.1f} CPU-s while measuring; the cores were {busy:.0%} busy "
              f"({steal:.0%} taken by the hypervisor)", flush=True)
        if restart_cmd:
            time.sleep(args.before)
            fault = restart(restart_cmd)
            time.sleep(args.after)
        end = time.time()
        stop(locust)
        if restart_cmd:
            idle = idle_restart(restart_cmd, args)
    finally:
        stop(locust)
        if server and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

    rows = [r for r in read_log(log) if r[3] != "Record a visit: sending"]
    cut = fault.get("at", float("inf"))
    steady = [r for r in rows if ready <= r[0] < steady_end and r[0] + r[1] < cut]
    signins = [r for r in rows if r[3].startswith("Sign in")]
    report = {"steady": page_table(steady), "signins": page_table(signins),
              "ready_after": ready - min(r[0] for r in rows), "others_cpu": others, "busy": busy, "steal": steal, "idle": idle,
              "priority": priority, "argv": sys.argv[1:], "accounts": [int(counts[0]), int(counts[1])]}
    integrity = check_integrity(env, run, read_log(log))
    report["server_tracebacks"] = server_log.read_text(errors="replace").count("Traceback")
    if fault:
        report["fault"] = fault_report(fault, [r for r in rows if r[0] >= steady_end or r[0] + r[1] >= cut], end)
    print(json.dumps({**report, "integrity": integrity}, indent=1, default=str))
    saved = {"args": vars(args), "report": report, "integrity": integrity, "seed_note": seed_note,
             "fault_note": fault_note, "run": run, "locust": locust_version(), "machine": machine(),
             "date": dt.date.today().isoformat()}
    (work / "report.json").write_text(json.dumps(saved, default=str))
    if not args.no_write:
        write(args, report, integrity, seed_note, fault_note, run)
    print(f"request log: {log}; server log: {server_log}")
    return 0


def stop(locust) -> None:
    if locust and locust.poll() is None:
        locust.send_signal(signal.SIGTERM)
        try:
            locust.wait(timeout=30)
        except subprocess.TimeoutExpired:
            locust.kill()


def restart(cmd: list[str]) -> dict:
    fault = {"at": time.time()}
    print("restarting PostgreSQL:", " ".join(cmd), flush=True)
    res = subprocess.run(cmd, capture_output=True, text=True)
    fault.update(done=time.time(), rc=res.returncode, output=(res.stdout + res.stderr).strip()[-300:])
    print(f"restart took {fault['done'] - fault['at']:.1f} s (exit {res.returncode})", flush=True)
    return fault


def idle_restart(cmd: list[str], args, n: int = 30) -> dict:
    """PostgreSQL restarted while the server is idle (a night's maintenance): every worker holds a
    connection from the requests just before; are the first requests after it served?"""
    from concurrent.futures import ThreadPoolExecutor

    def get(_):
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz", timeout=10).status
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError:
            return 0

    with ThreadPoolExecutor(max_workers=n) as pool:
        warm = Counter(pool.map(get, range(n)))  # every worker thread opens (or checks) its connection
        fault = restart(cmd)
        time.sleep(1)
        first = Counter(pool.map(get, range(n)))
        second = Counter(pool.map(get, range(n)))
    print(f"idle restart: before {dict(warm)}, first {n} after {dict(first)}, next {n} {dict(second)}", flush=True)
    return {"requests": n, "before": dict(warm), "first": dict(first), "second": dict(second),
            "restart_secs": fault["done"] - fault["at"]}


def check_integrity(env: dict, run: str, log_rows: list[list]) -> dict:
    """Every visit this run saved has its audit row and chronology entry; every save answered "saved" is
    in the database; nothing is there that was never sent; and the audit log's hash chain verifies."""
    out = sh([str(BIN / "safehold"), "shell", "-c", INTEGRITY.replace("RUN", repr(run))], env,
             capture_output=True, text=True).stdout.strip().splitlines()[-1]
    found = json.loads(out)
    saved = set(found["refs"])
    sent = {r[9] for r in log_rows if r[3] == "Record a visit: sending"}
    answered = {r[9]: r for r in log_rows if r[3] == "Record a visit: save"}
    ok = {ref for ref, r in answered.items() if r[6]}
    failed = {ref for ref, r in answered.items() if not r[6]}
    verify = subprocess.run([str(BIN / "safehold"), "audit", "verify"], env=env, capture_output=True, text=True)
    lines = (verify.stdout + verify.stderr).strip().splitlines()
    return {"sent": len(sent), "saved": len(saved), "answered_saved": len(ok), "answered_failed": len(failed),
            "unanswered": len(sent - set(answered)),
            "saved_but_not_stored": len(ok - saved), "stored_never_sent": len(saved - sent),
            "failed_but_stored": len(failed & saved), "unanswered_stored": len((sent - set(answered)) & saved),
            "without_audit": found["without_audit"], "without_chronology": found["without_chronology"],
            "chain_ok": verify.returncode == 0, "chain": lines[-1:] if lines else []}


def fault_report(fault: dict, rows: list[list], end: float) -> dict:
    """`rows`: everything after the measured window. A request counts where it ended."""
    at = fault["at"]
    ends = lambda r: r[0] + r[1]  # noqa: E731
    before = [r for r in rows if ends(r) < at]
    after = [r for r in rows if ends(r) >= at]
    failed = [r for r in after if not r[6]]
    last_fail = max((ends(r) for r in failed), default=None)
    first_ok = min((ends(r) for r in after if r[6] and r[0] > (last_fail or at)), default=None)
    tail_from = (last_fail or fault["done"]) + 5
    tail = [r for r in rows if r[0] >= tail_from]
    return {
        "restart_secs": fault["done"] - at, "rc": fault["rc"], "output": fault["output"],
        "before_errors": sum(1 for r in before if not r[6]), "before_requests": len(before),
        "failed": len(failed), "requests_from_restart": len(after),
        "kinds": dict(Counter(r[7] for r in failed)), "pages": dict(Counter(r[3] for r in failed)),
        "leaked": sum(1 for r in failed if r[8]), "slowest_fail_ms": max((r[1] * 1000 for r in failed), default=0.0),
        "first_fail_after": min((ends(r) for r in failed), default=at) - at if failed else None,
        "last_fail_after": None if last_fail is None else last_fail - at,
        "last_fail_vs_up": None if last_fail is None else last_fail - fault["done"],
        "ok_again_after": None if first_ok is None else first_ok - at,
        "tail": page_table(tail), "tail_secs": end - tail_from,
    }


def fmt(ms: float) -> str:
    return "n/a" if ms != ms else f"{ms:,.0f} ms" if ms >= 100 else f"{ms:.1f} ms"


def wrap(body: str, width: int = 100) -> str:
    """Markdown paragraphs and list items wrapped like the rest of docs/benchmarks.md; tables left whole."""
    out = []
    for line in body.split("\n"):
        if line.startswith("|") or len(line) <= width:
            out.append(line)
        else:
            indent = "  " if line.startswith("- ") else ""
            out.append(textwrap.fill(line, width, subsequent_indent=indent, break_long_words=False,
                                     break_on_hyphens=False))
    return "\n".join(out)


def write(args, report: dict, integrity: dict, seed_note: str, fault_note: str, run: str,
          measured: tuple[str, str, str] | None = None) -> None:
    date, where, version = measured or (dt.date.today().isoformat(), machine(), locust_version())
    steady = report["steady"]
    order = ["Home", "My work", "A child's record", "Search: send", "Search: results", "Record a visit: form",
             "Record a visit: save", "My team", "Measures dashboard"]
    pages = [p for p in order if p in steady] + sorted(p for p in steady if p not in order)
    total = sum(s["requests"] for s in steady.values())
    errors = sum(s["errors"] for s in steady.values())
    rows = "\n".join(f"| {p} | {s['requests']:,} | {s['errors']} | {fmt(s['p50'])} | {fmt(s['p95'])} | "
                     f"{fmt(s['p99'])} | {'yes' if s['p95'] < TARGET_MS and not s['errors'] else 'NO'} |"
                     for p, s in ((p, steady[p]) for p in pages))
    sign = report["signins"]
    sign_rows = "; ".join(f"{p[len('Sign in: '):]} p50 {fmt(s['p50'])}, p95 {fmt(s['p95'])}" for p, s in sign.items())
    met = errors == 0 and all(s["p95"] < TARGET_MS for s in steady.values())
    n_tm = max(1, args.users // 5)
    have = report.get("accounts") or [args.users - n_tm, n_tm]
    accounts = ("each on an account of their own" if have == [args.users - n_tm, n_tm] else
                f"on {have[0]} social workers' and {have[1]} managers' accounts (the county has no more)")
    think = "-".join(f"{int(x) / 1000:g}" for x in args.think.split(","))
    command = shlex.join(["bench/load.py", *report.get("argv", [])])
    rate = f"{total / args.duration:.0f} pages a second in all"
    if args.title == DEFAULT_TITLE:
        body = f"""
`{command}` (locust {version}, headless, on loopback): a county of {args.children:,} children with {args.years} years of history in PostgreSQL 15 ({seed_note}), served by gunicorn ({args.workers} gthread workers of {args.threads} thread{'s' if args.threads > 1 else ''}) with the production settings (two-step sign-in, secure cookies, the audit log's hash chain) on 127.0.0.1:{args.port}. {args.users} users at once, {args.users - n_tm} social workers and {n_tm} team managers, {accounts}, sign in with password and authenticator code, then load a page every {think} s each ({rate}). Workers: home, My work, a child on their caseload, a search by name (posted, then its results), and now and then the form for a statutory visit to a child in care and saving it (a real write: the visit, its audit row, its chronology entry, the next visit due). Managers: home, My team, a child in their team, the measures dashboard, a search. Measured for {args.duration} s from {args.warmup} s after all {args.users} had signed in ({report['ready_after'] - args.warmup:.0f} s after the first began). Targets (issue 15): no errors, p95 under {TARGET_MS:.0f} ms.
"""
    else:
        body = f"""
`{command}`: the county, server and users of "{DEFAULT_TITLE}" ({args.users} users, gunicorn {args.workers} x {args.threads}), each loading a page every {think} s ({rate}), measured for {args.duration} s from {args.warmup} s after all had signed in.
"""
    busy = report["busy"]
    body += f"""
Measured {date} on {where}; locust, gunicorn and PostgreSQL share the cores, which were {busy:.0%} busy while measuring ({report['steal']:.0%} taken by the hypervisor){': the most this machine serves of this mix, so pages queued for the cores' if busy >= 0.9 else ''}. Other processes used {report['others_cpu']:.1f} CPU-s of it ({report['others_cpu'] / args.duration:.0%} of a core){f"; {report['priority']}" if report['priority'] else ""}.

| Page | Requests | Errors | p50 | p95 | p99 | Target met |
|---|---|---|---|---|---|---|
{rows}
| **All** | **{total:,}** | **{errors}** | | | | **{'yes' if met else 'NO'}** |

Signing in, while users were still starting ({args.spawn_rate:g} a second; not in the table): {sign_rows}.
"""
    f = report.get("fault")
    if f:
        body += fault_text(args, report, integrity, f, run)
    elif fault_note:
        body += f"\nPostgreSQL restart under load: {fault_note}.\n"
    write_section(args.title, wrap(body))


def fault_text(args, report: dict, i: dict, f: dict, run: str) -> str:
    kinds = "; ".join(f"{n} {k}" for k, n in sorted(f["kinds"].items(), key=lambda kv: -kv[1])) or "none"
    pages = ", ".join(f"{p} {n}" for p, n in sorted(f["pages"].items(), key=lambda kv: -kv[1])) or "none"
    clean = all(k.startswith("HTTP 5") or not k.startswith("HTTP") for k in f["kinds"])
    tail = f["tail"]
    tail_errors = sum(s["errors"] for s in tail.values())
    tail_n = sum(s["requests"] for s in tail.values())
    tail_p95 = max((s["p95"] for s in tail.values()), default=float("nan"))
    if f["last_fail_after"] is None:
        last = "no request failed"
    else:
        last = (f"the last failure came {f['last_fail_after']:.1f} s after the restart began"
                + (f", while the restart command was still running (it returned {-f['last_fail_vs_up']:.1f} s later)"
                   if f["last_fail_vs_up"] < 0 else ""))
    ok_again = "n/a" if f["ok_again_after"] is None else f"{f['ok_again_after']:.1f} s"
    text = f"""
**PostgreSQL restarted under the load** (run `{run}`): {args.before} s after the measured window, with the {args.users} users still working, `pg_ctlcluster --mode {args.restart_mode} VERSION NAME restart` (open transactions rolled back, every connection cut). The command took {f['restart_secs']:.1f} s; the load went on for {args.after} s after it.

- Failed: {f['failed']} of the {f['requests_from_restart']:,} requests that ended from the restart on ({kinds}); by page: {pages}. {'Each was a 500 from Django or a refused connection, answered at once' if clean else 'NOT all were clean 500s or refused connections: see the request log'} (the slowest failure took {fmt(f['slowest_fail_ms'])}). Error pages that showed anything of the server's inside (a traceback, an exception, a path, the database's message): {f['leaked']}. The server's own log holds the tracebacks ({report['server_tracebacks']}), where they belong.
- Recovery: {last}; the first page served after it, {ok_again} after the restart began. From 5 s after the last failure to the end ({f['tail_secs']:.0f} s): {tail_n:,} requests, {tail_errors} errors, the slowest page's p95 {fmt(tail_p95)}.
"""
    idle = report.get("idle") or {}
    if idle:
        def bad(c: dict) -> int:
            return sum(n for code, n in c.items() if str(code) != "200")
        text += (f"- Restarted again with the server idle (the load stopped, each worker still holding the connection "
                 f"it last used), then {idle['requests']} requests at once to `/healthz` (one query): "
                 f"{bad(idle['first'])} failed; the next {idle['requests']}: {bad(idle['second'])}. "
                 f"{health_note(args, bad(idle['first']))}\n")
    text += f"""- Nothing half-written: of {i['sent']} visit saves sent, {i['answered_saved']} were answered "saved", {i['answered_failed']} with an error, {i['unanswered']} not at all (cut off when the load stopped{f"; saved: {i['unanswered_stored']}" if i['unanswered'] else ""}); the database holds {i['saved']} visits from the run. Answered "saved" but not in the database: {i['saved_but_not_stored']}; in the database but never sent: {i['stored_never_sent']}; answered with an error but saved all the same (committed as the connection was cut): {i['failed_but_stored']}. Visits without their audit row: {i['without_audit']}; without their chronology entry: {i['without_chronology']}. `safehold audit verify`: {'intact' if i['chain_ok'] else 'BROKEN'} ({' '.join(i['chain'])[:200]}).
"""
    return text


def health_note(args, failed_after_idle: int) -> str:
    setting = "on" if args.health_checks else "off"
    return (f"Connection health checks (`CONN_HEALTH_CHECKS`) {setting}, connections kept "
            f"{args.conn_max_age} s (`CONN_MAX_AGE`): "
            + ("a connection is checked before a request uses it, and a dead one replaced." if not failed_after_idle
               else "each worker's first request used its dead connection."))


def locust_version() -> str:
    out = subprocess.run([str(BIN / "locust"), "--version"], capture_output=True, text=True).stdout.split()
    return out[1] if len(out) > 1 else "?"


if __name__ == "__main__":
    sys.exit(main())
