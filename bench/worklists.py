"""Benchmark: the worklist pages on a county of 20,000 children with five years of history, on
PostgreSQL, under 20 concurrent users, measured by a separate load generator (wrk) on loopback.

    .venv/bin/python bench/worklists.py [--children 20000] [--duration 30] [--keep]

Issue 3 target: p95 under 150 ms with 20 concurrent users on this 2-core machine. Needs PostgreSQL
on 127.0.0.1:5432 (user postgres) and Debian's `wrk` (apt-get install wrk). Results are written to
docs/benchmarks.md with the machine and date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from seed import machine, write_section  # noqa: E402

PORT = 8765

# A signed-in session for a user, made in `safehold shell` (the benchmarks' pages need no password).
COOKIE = r'''
import sys
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

def cookie(user):
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk); s[BACKEND_SESSION_KEY] = "safehold.accounts.backends.SafeholdBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash(); s.create()
    return f"sessionid={s.session_key}"
'''


def sh(cmd: list[str], env: dict, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, env=env, check=True, **kw)


def build_targets(env: dict, out_dir: Path) -> dict[str, Path]:
    """Signed-in sessions for the busiest workers and their managers, and the pages each one loads."""
    script = COOKIE + r'''
from django.db.models import Count
from django.urls import reverse
from safehold.accounts.models import Role, User
from safehold.casework.models import StatutoryWork

busy = (User.objects.filter(role=Role.SOCIAL_WORKER, statutory_work__status="open")
        .annotate(n=Count("statutory_work")).order_by("-n")[:20])
managers = User.objects.filter(role=Role.TEAM_MANAGER, team__in=[u.team_id for u in busy]).distinct()[:20]
service = User.objects.filter(role=Role.SERVICE_MANAGER).exclude(service=None)[:5]
out = sys.argv[1]
with open(out + "/my_work.tsv", "w") as f:
    for u in busy: f.write(reverse("worklists:my_work") + "\t" + cookie(u) + "\n")
with open(out + "/team.tsv", "w") as f:
    for u in managers: f.write(reverse("worklists:team") + "\t" + cookie(u) + "\n")
with open(out + "/service.tsv", "w") as f:
    for u in service: f.write(reverse("worklists:service") + "\t" + cookie(u) + "\n")
print(StatutoryWork.objects.count(), StatutoryWork.objects.filter(status="open").count())
'''
    res = sh([str(BIN / "safehold"), "shell", "-c", script.replace("sys.argv[1]", repr(str(out_dir)))],
             env, capture_output=True, text=True)
    print("statutory work rows (all, open):", res.stdout.strip())
    return {name: out_dir / f"{name}.tsv" for name in ("my_work", "team", "service")}


def run_wrk(targets: Path, duration: int, connections: int, think: str = "0,0") -> dict[str, float]:
    env = {**os.environ, "WRK_TARGETS": str(targets), "WRK_THINK_MS": think}
    res = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
                          "-s", str(ROOT / "bench" / "worklists.lua"), f"http://127.0.0.1:{PORT}"],
                         env=env, capture_output=True, text=True, check=True)
    line = next(ln for ln in res.stdout.splitlines() if ln.startswith("RESULT"))
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=20000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=20)
    # Measured on the 2-core machine that also runs PostgreSQL and wrk: 3 processes of 1 thread gave
    # the team page p95 137 ms, 4 x 1 179 ms, 4 x 4 238 ms (docs/benchmarks.md, 2026-11-28).
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1,
                        help="threads per gunicorn worker (gthread): an idle keep-alive connection does not "
                             "hold a whole worker, as it does with sync workers")
    parser.add_argument("--think", default="500,1500",
                        help="each user's pause between pages, min,max in ms (default 500,1500)")
    parser.add_argument("--overview-seconds", type=int, default=30,
                        help="SAFEHOLD_TEAM_OVERVIEW_SECONDS: how long a manager's team overview is reused "
                             "(default 30, the production default; 0 rebuilds it on every load)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", metavar="DATABASE",
                        help="measure an already seeded database (from an earlier --keep run) instead of seeding")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    name = args.reuse or f"safehold_bench_{os.getpid()}"
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "safehold.config.settings.production",
           "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "bench-only-" + "x" * 40, "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
           "DJANGO_SECURE_SSL_REDIRECT": "0", "SAFEHOLD_DATA_DIR": tempfile.mkdtemp(),
           "SAFEHOLD_TEAM_OVERVIEW_SECONDS": str(args.overview_seconds),
           "SAFEHOLD_REFUSE_PRIVILEGED_DB": "0",
           # Sessions are made in the shell with no second step: measure the pages, not the code prompt.
           "SAFEHOLD_REQUIRE_2FA": "0"}  # a throwaway database served as the postgres superuser
    if not args.reuse:
        subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {name}"], check=True)
    server = None
    seed_secs = None
    try:
        sh([str(BIN / "safehold"), "migrate", "-v0"], env)
        if not args.reuse:
            t = time.perf_counter()
            sh([str(BIN / "safehold"), "seed", "--children", str(args.children), "--years", str(args.years),
                "--seed", "42", "--quiet"], env, stdout=subprocess.DEVNULL)
            seed_secs = time.perf_counter() - t
        sh([str(BIN / "safehold"), "collectstatic", "--noinput", "-v0"], env)
        subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", name, "-c", "VACUUM ANALYZE"], check=True)
        with tempfile.TemporaryDirectory() as tmp:
            targets = build_targets(env, Path(tmp))
            server = subprocess.Popen([str(BIN / "gunicorn"), "safehold.config.wsgi", "--workers", str(args.workers),
                                       "--worker-class", "gthread", "--threads", str(args.threads),
                                       "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"], env=env)
            for _ in range(60):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)
                    break
                except OSError:
                    time.sleep(0.5)
            results, saturation = {}, {}
            for page, path in targets.items():
                if path.stat().st_size == 0:
                    continue
                run_wrk(path, 5, args.connections)  # warm up
                results[page] = run_wrk(path, args.duration, args.connections, args.think)
                saturation[page] = run_wrk(path, max(10, args.duration // 2), args.connections)
                print(page, "users:", results[page], "saturation:", saturation[page])
    finally:
        if server:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        if not args.keep and not args.reuse:
            subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", f"DROP DATABASE IF EXISTS {name}"])
    labels = {"my_work": "My work (social worker)", "team": "My team (team manager)", "service": "Service (service manager)"}
    rows = "\n".join(
        f"| {labels[p]} | {r['requests']:,.0f} | {r['p50']:.1f} ms | {r['p95']:.1f} ms | {r['p99']:.1f} ms | "
        f"{'yes' if r['p95'] < 150 and r['non200'] == 0 else 'NO'} |"
        for p, r in results.items())
    sat_rows = "\n".join(
        f"| {labels[p]} | {r['requests'] / max(10, args.duration // 2):,.0f} req/s | {r['p50']:.1f} ms | "
        f"{r['p95']:.1f} ms |" for p, r in saturation.items())
    overview_note = (f"A manager's team overview is reused for up to {args.overview_seconds} s "
                     "(`SAFEHOLD_TEAM_OVERVIEW_SECONDS`, the production default; rebuilt at once after their "
                     "own changes)." if args.overview_seconds > 0 else
                     "The team overview is rebuilt on every load (`SAFEHOLD_TEAM_OVERVIEW_SECONDS=0`).")
    write_section("Worklists under load", f"""
`bench/worklists.py`: a county of {args.children:,} children with {args.years} years of casework history
seeded into PostgreSQL 15 ({f"{seed_secs:.0f} s" if seed_secs else "seeded by an earlier run"}), served by gunicorn ({args.workers} gthread workers of {args.threads} thread{"s" if args.threads > 1 else ""}, production
settings), loaded for {args.duration} s per page by `wrk` (a separate process on loopback) with
{args.connections} concurrent users, each pausing {args.think.replace(",", "-")} ms between pages (a page a
second per user, far busier than real use), each signed in as one of the busiest workers, their
managers, or the service managers. {overview_note} Target: p95 under 150 ms.

Measured {dt.date.today().isoformat()} on {machine()}; wrk, gunicorn and PostgreSQL share the 2 cores.

| Page | Requests | p50 | p95 | p99 | Target met |
|---|---|---|---|---|---|
{rows}

Saturation (the same {args.connections} connections with no pause at all: the most the 2 cores serve):

| Page | Throughput | p50 | p95 |
|---|---|---|---|
{sat_rows}
""")


if __name__ == "__main__":
    main()
