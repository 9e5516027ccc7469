"""The benchmarks (`make bench`). Each script measures one thing on the synthetic county and writes its
section of docs/benchmarks.md with the machine and the date.

    .venv/bin/python bench/run.py                       # the standard set, one after the other
    .venv/bin/python bench/run.py worklists measures    # some of them
    .venv/bin/python bench/run.py load -- --users 50    # arguments after -- go to each script named

The standard set: seed (SQLite and PostgreSQL), worklists and measures (wrk), returns (the DfE
validators and liiatools). Optional, run only when named: load (bench/load.py, the load and fault test:
it needs locust, `pip install -e '.[bench]'`, and restarts PostgreSQL, so it is never run by default).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
STANDARD = {
    "seed": ["--postgres", "postgres://postgres@127.0.0.1:5432/postgres"],
    "worklists": [],
    "measures": [],
    "returns": [],
}
OPTIONAL = {"load": []}


def main(argv: list[str]) -> int:
    names, extra = (argv[:argv.index("--")], argv[argv.index("--") + 1:]) if "--" in argv else (argv, [])
    unknown = [n for n in names if n not in STANDARD and n not in OPTIONAL]
    if unknown:
        print(f"unknown benchmark {', '.join(unknown)}: choose from {', '.join([*STANDARD, *OPTIONAL])}")
        return 2
    failed = []
    for name in names or list(STANDARD):
        args = [*(STANDARD.get(name) or OPTIONAL.get(name) or []), *extra]
        print(f"== bench/{name}.py {' '.join(args)}", flush=True)
        if subprocess.run([sys.executable, str(HERE / f"{name}.py"), *args]).returncode != 0:
            failed.append(name)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
