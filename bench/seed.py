"""Benchmark: seed the synthetic county (issue 2 target: 20,000 children well under a minute on SQLite).

    .venv/bin/python bench/seed.py [--children 20000] [--postgres postgres://postgres@127.0.0.1:5432/postgres]

Seeds into a fresh SQLite file (and, with --postgres, a fresh PostgreSQL database), times it, and
updates the "Seeding the synthetic county" section of docs/benchmarks.md with the machine and date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAFEHOLD = ROOT / ".venv" / "bin" / "safehold"


def run(env_extra: dict[str, str], children: int, years: int) -> float:
    env = {**os.environ, **env_extra, "DJANGO_SETTINGS_MODULE": "safehold.config.settings.base"}
    subprocess.run([str(SAFEHOLD), "migrate", "-v0"], env=env, check=True)
    t = time.perf_counter()
    subprocess.run([str(SAFEHOLD), "seed", "--children", str(children), "--seed", "42", "--years", str(years),
                    "--quiet"], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def write_section(title: str, body: str) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n\nFigures measured by the scripts in `bench/`.\n"
    section = f"## {title}\n\n{body.strip()}\n"
    pattern = re.compile(rf"## {re.escape(title)}\n.*?(?=\n## |\Z)", re.S)
    text = pattern.sub(section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=20000)
    parser.add_argument("--postgres", help="URL of a PostgreSQL server database to create a scratch database from")
    args = parser.parse_args()
    rows = []
    for years in (0, 5):
        with tempfile.TemporaryDirectory() as tmp:
            env = {"SAFEHOLD_DATA_DIR": tmp, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"}
            rows.append(("SQLite (WAL)", years, run(env, args.children, years)))
        if args.postgres:
            base, _, _ = args.postgres.rpartition("/")
            name = f"safehold_bench_{os.getpid()}_{years}"
            subprocess.run(["psql", args.postgres, "-qc", f"CREATE DATABASE {name}"], check=True)
            try:
                rows.append(("PostgreSQL 15", years, run({"DATABASE_URL": f"{base}/{name}"}, args.children, years)))
            finally:
                subprocess.run(["psql", args.postgres, "-qc", f"DROP DATABASE {name}"], check=False)
    table = "\n".join(f"| {db} | {args.children:,} | {years or 'none (people only)'} | {secs:.1f} s |"
                      for db, years, secs in rows)
    write_section("Seeding the synthetic county", f"""
`bench/seed.py`: `safehold seed --children {args.children} --seed 42` into an empty, migrated database,
twice: with `--years 0` (the foundation: children, their parents, addresses, relationships,
disabilities, staff, teams, open cases, chronology) and with the default five years of casework
history (contacts, assessments, child protection, children in care with their reviews, visits and
missing episodes, care leavers, and every piece of statutory work they raised). Target (issue 2):
20,000 children well under a minute on SQLite, for the foundation seed. The full history has no
target; it is what `make demo` and the worklist benchmark load.

Measured {dt.date.today().isoformat()} on {machine()}.

| Database | Children | Years of history | Time |
|---|---|---|---|
{table}

Most of the history's time is Django's `bulk_create` preparing each value (about two thirds in a
profile of 5,000 children); a raw `COPY` (PostgreSQL) or `executemany` path would be the next step if
the full seed needs to be faster.
""")
    for db, years, secs in rows:
        print(f"{db}, {years} years: {secs:.1f}s")


if __name__ == "__main__":
    sys.exit(main())
