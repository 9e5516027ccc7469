"""Benchmark: issue 14's list pages on a county of 20,000 children with five years of history, on PostgreSQL,
under 20 concurrent users, measured by a separate load generator (wrk) on loopback:

- the care leavers page for all teams (a senior leader: every care leaver in the county, a page of 50),
- the chair's worklist (the IROs with the most children),
- the sign-off list (team managers), and the notification inbox (team managers).

    .venv/bin/python bench/lists.py [--children 20000] [--duration 30] [--keep] [--reuse DATABASE]

Issue 14 target: p95 under 300 ms. Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and Debian's `wrk`.
Results are written to docs/benchmarks.md with the machine and date. Uses bench/worklists.py's server set-up.
"""

from __future__ import annotations

import argparse
import datetime as dt
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

TARGETS = COOKIE + r'''
from django.db.models import Count, Q
from django.urls import reverse
from safehold.accounts.models import Role, User
from safehold.casework.models import Allocation

out = sys.argv[1]
leaders = list(User.objects.filter(role=Role.LEADER)[:5])
iros = list(User.objects.filter(role=Role.IRO).annotate(
    n=Count("allocations", filter=Q(allocations__role="iro", allocations__ended_on__isnull=True))).order_by("-n")[:10])
managers = list(User.objects.filter(role=Role.TEAM_MANAGER)[:20])
pages = {"care_leavers": [(reverse("care_leavers:caseload") + "?team=", u) for u in leaders],
         "chair": [(reverse("worklists:chair"), u) for u in iros],
         "sign_off": [(reverse("casework:sign_off_list"), u) for u in managers],
         "inbox": [(reverse("notifications:inbox"), u) for u in managers]}
for name, rows in pages.items():
    with open(out + f"/{name}.tsv", "w") as f:
        for url, u in rows:
            f.write(url + "\t" + cookie(u) + "\n")
print({name: len(rows) for name, rows in pages.items()},
      Allocation.objects.filter(role="iro", ended_on__isnull=True).count(), "chairs allocated")
'''
LABELS = {"care_leavers": "Care leavers, all teams (senior leader)", "chair": "The chair's worklist (IRO)",
          "sign_off": "Sign-off list (team manager)", "inbox": "Notifications (team manager)"}
TARGET_MS = 300


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
           "SAFEHOLD_REFUSE_PRIVILEGED_DB": "0",
           # Sessions are made in the shell with no second step: measure the pages, not the code prompt.
           "SAFEHOLD_REQUIRE_2FA": "0", "SAFEHOLD_VIRUS_SCAN": "off"}
    if not args.reuse:
        subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {name}"], check=True)
    server, seed_secs, results, saturation = None, None, {}, {}
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
        with tempfile.TemporaryDirectory() as tmp:
            res = sh([str(BIN / "safehold"), "shell", "-c", TARGETS.replace("sys.argv[1]", repr(tmp))], env,
                     capture_output=True, text=True)
            print(res.stdout.strip())
            server = subprocess.Popen([str(BIN / "gunicorn"), "safehold.config.wsgi", "--workers", str(args.workers),
                                       "--worker-class", "gthread", "--threads", "1",
                                       "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"], env=env)
            for _ in range(60):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)
                    break
                except OSError:
                    time.sleep(0.5)
            for page in LABELS:
                path = Path(tmp) / f"{page}.tsv"
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
    rows = "\n".join(
        f"| {LABELS[p]} | {r['requests']:,.0f} | {r['p50']:.1f} ms | {r['p95']:.1f} ms | {r['p99']:.1f} ms | "
        f"{'yes' if r['p95'] < TARGET_MS and r['non200'] == 0 else 'NO'} |" for p, r in results.items())
    sat_rows = "\n".join(
        f"| {LABELS[p]} | {r['requests'] / max(10, args.duration // 2):,.0f} req/s | {r['p50']:.1f} ms | "
        f"{r['p95']:.1f} ms |" for p, r in saturation.items())
    write_section("Issue 14's list pages under load", f"""
`bench/lists.py`: the same county and server as "Worklists under load" (a county of {args.children:,} children
with {args.years} years of history in PostgreSQL 15, {f"seeded in {seed_secs:.0f} s" if seed_secs else "seeded by an earlier run"}; gunicorn, {args.workers} gthread workers,
production settings; `wrk` on loopback with {args.connections} concurrent users pausing {args.think.replace(",", "-")} ms
between pages). The care leavers page lists every care leaver in the county a page of 50 at a time; the
chair's page is loaded by the IROs holding the most children. Target: p95 under {TARGET_MS} ms.

Measured {dt.date.today().isoformat()} on {machine()}; wrk, gunicorn and PostgreSQL share the 2 cores.

| Page | Requests | p50 | p95 | p99 | Target met |
|---|---|---|---|---|---|
{rows}

Saturation (no pause between pages):

| Page | Throughput | p50 | p95 |
|---|---|---|---|
{sat_rows}
""")


if __name__ == "__main__":
    main()
