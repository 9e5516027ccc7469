"""Benchmark: the performance measures on a county of 20,000 children with five years of history, on
PostgreSQL. Issue 12 targets: every measure computed for one month-end over the whole county in under
10 s; the leaders' dashboard and the measures pages p95 under 1 s with 20 concurrent users (measured by
wrk, a separate process on loopback).

    .venv/bin/python bench/measures.py [--children 20000] [--duration 30] [--keep] [--reuse DATABASE]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and Debian's `wrk`. Results go to
docs/benchmarks.md with the machine and date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seed import machine, write_section
from worklists import BIN, COOKIE, PORT, run_wrk, sh

COMPUTE = r'''
import json, time, datetime as dt
from django.db import connection, reset_queries
from django.conf import settings
from safehold.performance.definitions import catalogue, month_ends
from safehold.performance.selectors import evaluate
as_at = month_ends(dt.date.today(), 1)[0]
settings.DEBUG = True
times = {}
t0 = time.perf_counter()
for m in catalogue():
    reset_queries(); t = time.perf_counter()
    r = evaluate(m, as_at)
    times[m.code] = (round(time.perf_counter() - t, 3), len(connection.queries), r.denominator)
total = time.perf_counter() - t0
print(json.dumps({"as_at": as_at.isoformat(), "total": total, "times": times}))
'''

TARGETS = COOKIE + r'''
from safehold.accounts.models import Role, User

leaders = list(User.objects.filter(role__in=[Role.LEADER, Role.SERVICE_MANAGER, Role.ANALYST])[:20])
managers = list(User.objects.filter(role=Role.TEAM_MANAGER)[:20])
out = OUT
pages = {"dashboard": ["/measures/dashboard/"], "index": ["/measures/"],
         "detail": ["/measures/HP_ASSESS_45WD/", "/measures/CIC_VISITS/", "/measures/FD_DECIDED_1WD/",
                    "/measures/OV_CASELOAD/", "/measures/CL_IN_TOUCH/?by=oc3_band"]}
for name, urls in pages.items():
    with open(f"{out}/{name}.tsv", "w") as f:
        people = leaders if name == "dashboard" else leaders + managers
        for i, u in enumerate(people):
            f.write(urls[i % len(urls)] + "\t" + cookie(u) + "\n")
'''


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=20000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--think", default="500,1500")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", metavar="DATABASE")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    name = args.reuse or f"safehold_bench_{os.getpid()}"
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
           "DJANGO_SETTINGS_MODULE": "safehold.config.settings.production", "DJANGO_DEBUG": "0",
           "DJANGO_SECRET_KEY": "bench-only-" + "x" * 40, "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
           "DJANGO_SECURE_SSL_REDIRECT": "0", "SAFEHOLD_DATA_DIR": tempfile.mkdtemp(),
           "SAFEHOLD_REFUSE_PRIVILEGED_DB": "0"}  # a throwaway database served as the postgres superuser
    if not args.reuse:
        subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {name}"],
                       check=True)
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
        subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", name, "-c", "VACUUM ANALYZE"],
                       check=True)
        runs = []
        for _ in range(3):
            out = sh([str(BIN / "safehold"), "shell", "-c", COMPUTE], env, capture_output=True, text=True).stdout
            runs.append(json.loads(out.strip().splitlines()[-1]))
        compute = min(runs, key=lambda r: r["total"])
        print("every measure for one month-end:", [round(r["total"], 2) for r in runs], "s")
        with tempfile.TemporaryDirectory() as tmp:
            sh([str(BIN / "safehold"), "shell", "-c", TARGETS.replace("OUT", repr(tmp))], env)
            server = subprocess.Popen([str(BIN / "gunicorn"), "safehold.config.wsgi", "--workers", str(args.workers),
                                       "--worker-class", "gthread", "--threads", "1",
                                       "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"], env=env)
            for _ in range(60):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)
                    break
                except OSError:
                    time.sleep(0.5)
            results = {}
            for page in ("dashboard", "index", "detail"):
                path = Path(tmp) / f"{page}.tsv"
                run_wrk(path, 5, args.connections)  # warm up
                results[page] = run_wrk(path, args.duration, args.connections, args.think)
                print(page, results[page])
    finally:
        if server:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        if not args.keep and not args.reuse:
            subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", f"DROP DATABASE IF EXISTS {name}"])
    labels = {"dashboard": "Leaders' dashboard", "index": "Measures (all, from the month-end snapshots)",
              "detail": "One measure's page, today's figure (five measures in turn)"}
    rows = "\n".join(
        f"| {labels[p]} | {r['requests']:,.0f} | {r['p50']:.1f} ms | {r['p95']:.1f} ms | {r['p99']:.1f} ms | "
        f"{'yes' if r['p95'] < 1000 and r['non200'] == 0 else 'NO'} |" for p, r in results.items())
    slowest = sorted(compute["times"].items(), key=lambda kv: -kv[1][0])[:5]
    slow_rows = "\n".join(f"| {code} | {secs:.2f} s | {queries} | {rows:,} |" for code, (secs, queries, rows) in slowest)
    write_section("Performance measures", f"""
`bench/measures.py`: a county of {args.children:,} children with {args.years} years of casework history
seeded into PostgreSQL 15 ({f"{seed_secs:.0f} s, including 24 month-end snapshots of every measure" if seed_secs else "seeded by an earlier run"}).
Measured {dt.date.today().isoformat()} on {machine()}; wrk, gunicorn ({args.workers} workers) and
PostgreSQL share the 2 cores.

Every one of the {len(compute["times"])} measures computed from the record for the month-end {compute["as_at"]}:
**{compute["total"]:.1f} s** (best of 3 runs: {", ".join(f"{r['total']:.1f}" for r in runs)} s; target under 10 s).
Each measure runs a fixed number of queries whatever the county's size. The slowest:

| Measure | Time | Queries | Rows in the denominator |
|---|---|---|---|
{slow_rows}

Pages, {args.connections} concurrent users each pausing {args.think.replace(",", "-")} ms between pages,
{args.duration} s per page (target: p95 under 1 s). A measure's figure for today is reused for
`SAFEHOLD_MEASURE_SECONDS` (300) by everyone who opens it, and the dashboard's headline tables until a
snapshot or target changes; computed afresh for every request, a measure's page had p95 2,975 ms here
(2026-12-04), as the slowest measures read up to 20,000 rows:

| Page | Requests | p50 | p95 | p99 | Target met |
|---|---|---|---|---|---|
{rows}
""")


if __name__ == "__main__":
    main()
