"""Benchmark: the statutory returns (issue 5) on the synthetic county.

    .venv/bin/python bench/returns.py [--children 20000] [--reuse DBNAME] [--no-docs]

On PostgreSQL: seeds the county (20,000 children, five years of history) into a scratch database (or
reuses an already seeded one with --reuse), then, in the same run and on the same files:

- times each export (`safehold returns cin | ssda903 | annex-a`);
- times the DfE validators (data-to-insight's csc-validator-be-cin and -903, through
  `src/safehold/returns/validator_*.py`, in `.venv-validators`), both the whole run and, in-process,
  the part that only reads the file into its tables;
- times Social Finance's liiatools (PyPI `liiatools`, the `cleanfile` step of each dataset) on copies
  of the same files, in its own virtualenv `.venv-liiatools` (made here if missing: liiatools 0.2.0
  pins cchardet 2.1.7, which builds only on Python 3.10 or older, and pandas < 2);
- times each import whose module exists (`safehold import cin | ssda903 | annex-a`) into an empty,
  migrated database of its own, then a second run of the same file into the same database;

and writes the figures, their ratios and the two targets (all three exports under 15 s together; the
census import faster than the DfE validator reads the file) to the "Statutory returns" section of
docs/benchmarks.md with the machine and date. Every time is the wall clock of the command as its own
process, so it includes the process's start-up (Python, Django set-up and system checks for
`safehold`; the interpreter and pandas for the validators and liiatools); those start-ups are timed
on their own and reported beside the figures. The scratch databases are dropped at the end (not the
one given with --reuse); --keep keeps them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seed import ROOT, SAFEHOLD, machine, write_section

RETURNS = ROOT / "src" / "safehold" / "returns"
VALIDATORS_PY = ROOT / ".venv-validators" / "bin" / "python"
LIIA_VENV = ROOT / ".venv-liiatools"
LIIA_PY = LIIA_VENV / "bin" / "python"
LIIA_REQUIREMENTS = ["liiatools==0.2.0", "numpy<2"]  # pandas 1.5 (its pin) breaks on numpy 2
SETTINGS = "safehold.config.settings.base"
TITLE = "Statutory returns"
KINDS = ("cin", "ssda903", "annex-a")
NAMES = {"cin": "CIN census", "ssda903": "SSDA903", "annex-a": "Annex A"}
EXPORT_TARGET = 15.0

# Run with the validators' Python (-I): the part of each validator that reads the file into its
# tables, timed in-process (the rules are not run).
VALIDATOR_READ = r"""
import json, logging, sys, time, warnings
logging.disable(logging.CRITICAL)
warnings.simplefilter("ignore")
kind, path, year = sys.argv[1:4]
t0 = time.perf_counter()
if kind == "cin":
    import xml.etree.ElementTree as ET
    from cin_validator import cin_validator
    t1 = time.perf_counter()
    data = cin_validator.process_data(cin_validator.convert_data(ET.parse(path).getroot()))
else:
    from pathlib import Path
    from lac_validator.datastore import create_datastore
    from lac_validator.ingress import read_from_text
    t1 = time.perf_counter()
    files = [{"name": p.name, "file_content": p.read_bytes(), "description": "This year"}
             for p in sorted(Path(path).glob("*.csv"))]
    dfs, extras = read_from_text(raw_files=files)
    create_datastore(dfs, {"collectionYear": year, "localAuthority": "999", **extras})
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "read": t2 - t1}))
"""

# Run with liiatools' Python: its SSDA903 cleanfile takes one table at a time; one process cleans them
# all (as a script of the council's would), so its start-up is paid once, as for the other returns.
LIIA_903 = r"""
import sys
from pathlib import Path
from liiatools.datasets.s903 import s903_main_functions
folder, la_code, log_dir, out = sys.argv[1:5]
for path in sorted(Path(folder).glob("*.csv")):
    s903_main_functions.cleanfile(str(path), la_code, log_dir, out)
"""


# Run with liiatools' Python on the Annex A copy: names the lists with rows shorter than their header
# as a read-only reader sees them, then re-saves the workbook in place with each sheet's dimensions.
RESAVE = r"""
import sys, openpyxl
path = sys.argv[1]
wb = openpyxl.load_workbook(path, read_only=True)
short = []
for ws in wb.worksheets:
    rows = ws.iter_rows(values_only=True)
    width = len(next(rows, ()))
    n = sum(1 for row in rows if len(row) < width)
    if n:
        short.append(f"{ws.title}: {n} of them")
wb.close()
print(", ".join(short))
openpyxl.load_workbook(path).save(path)
"""


@dataclass
class Step:
    seconds: float | None = None
    ok: bool = True
    counts: str = ""
    note: str = ""
    output: str = ""


@dataclass
class Return:
    kind: str
    path: Path | None = None
    export: Step = field(default_factory=Step)
    validator: Step | None = None
    validator_read: Step | None = None
    liiatools: Step = field(default_factory=Step)
    import1: Step | None = None
    import2: Step | None = None
    children: int = 0


# Other work on the machine (another engineer's test run, say) would slow a step down: before each
# timed command the script waits for the other processes to go quiet (up to --quiet-wait seconds), and
# it counts the CPU time they used while the command ran. PostgreSQL's processes count as neither
# (they serve this script's commands as well as anyone else's).
CLK_TCK = os.sysconf("SC_CLK_TCK")
QUIET_WAIT = 120.0
BUSY: list[tuple[str, float, float]] = []  # (command, wall seconds, other processes' CPU seconds)


def _processes() -> dict[int, tuple[int, int, str]]:
    """pid -> (parent pid, CPU jiffies, command name) for every process."""
    out = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            raw = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        comm = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2:].split()
        out[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]), comm)
    return out


def _others_cpu(before: dict, after: dict) -> float:
    """CPU seconds used between two snapshots by processes outside this script's tree, PostgreSQL aside."""
    ours = {os.getpid()}
    changed = True
    while changed:
        changed = False
        for pid, (ppid, _, _) in after.items():
            if ppid in ours and pid not in ours:
                ours.add(pid)
                changed = True
    jiffies = 0
    for pid, (_, cpu, comm) in after.items():
        if pid in ours or comm.startswith("postgres"):
            continue
        jiffies += cpu - before[pid][1] if pid in before else cpu
    return jiffies / CLK_TCK


def wait_quiet(max_wait: float) -> None:
    deadline = time.monotonic() + max_wait
    while True:
        before = _processes()
        time.sleep(2)
        busy = _others_cpu(before, _processes())
        if busy < 0.1 or time.monotonic() > deadline:
            return
        print(f"  (other processes busy: {busy / 2:.0%} of a core; waiting)", flush=True)
        time.sleep(8)


def timed(cmd: list[str], *, env: dict[str, str] | None = None, timeout: float | None = None,
          label: str = "") -> tuple[float, subprocess.CompletedProcess]:
    wait_quiet(QUIET_WAIT)
    before = _processes()
    t = time.perf_counter()
    try:
        proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        proc = subprocess.CompletedProcess(cmd, -1, exc.stdout or "", f"timed out after {timeout:.0f} s")
    secs = time.perf_counter() - t
    others = _others_cpu(before, _processes())
    label = label or " ".join(Path(c).name if i == 0 else c for i, c in enumerate(cmd[:3]))
    BUSY.append((label, secs, others))
    if others > 0.05 * secs:
        print(f"  (other processes used {others:.1f} CPU-s during these {secs:.1f} s: {label})", flush=True)
    return secs, proc


def tail(proc: subprocess.CompletedProcess, lines: int = 3) -> str:
    text = (proc.stderr or proc.stdout or "").strip().splitlines()
    return " / ".join(line.strip() for line in text[-lines:])


def django_env(db_url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": db_url, "DJANGO_SETTINGS_MODULE": SETTINGS}


class Postgres:
    def __init__(self, server_url: str):
        self.server_url = server_url
        self.base = server_url.rpartition("/")[0]
        self.created: list[str] = []

    def url(self, name: str) -> str:
        return f"{self.base}/{name}"

    def sql(self, statement: str, check: bool = True) -> None:
        env = {**os.environ, "PGOPTIONS": "-c client_min_messages=warning"}
        subprocess.run(["psql", self.server_url, "-qc", statement], env=env, check=check, capture_output=not check)

    def create(self, name: str, template: str | None = None) -> str:
        self.sql(f"DROP DATABASE IF EXISTS {name}")
        self.sql(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        self.created.append(name)
        return self.url(name)

    def drop(self, name: str) -> None:
        self.sql(f"DROP DATABASE IF EXISTS {name}", check=False)
        if name in self.created:
            self.created.remove(name)

    def drop_all(self) -> None:
        for name in reversed(self.created):
            self.sql(f"DROP DATABASE IF EXISTS {name}", check=False)
        self.created.clear()


# The two other virtualenvs ---------------------------------------------------------------------------

def ensure_validators() -> None:
    if not (ROOT / ".venv-validators" / ".installed").exists():
        subprocess.run(["make", "validators"], cwd=ROOT, check=True)


def _old_python() -> str | None:
    """A Python of 3.10 or older (liiatools' cchardet pin does not build on 3.11): LIIATOOLS_PYTHON,
    python3.10 or python3.9 on the PATH, or one that pyenv installed."""
    candidates = [os.environ.get("LIIATOOLS_PYTHON", ""), "python3.10", "python3.9"]
    try:
        pyenv_root = subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip()
    except OSError:
        pyenv_root = ""
    for version in ("3.10", "3.9"):
        candidates += sorted(glob.glob(f"{pyenv_root or os.path.expanduser('~/.pyenv')}/versions/{version}.*/bin/python"))
    for candidate in filter(None, candidates):
        try:
            out = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2] <= (3, 10))"],
                                 capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out.returncode == 0 and out.stdout.strip() == "True":
            return candidate
    return None


def ensure_liiatools() -> str | None:
    """Make `.venv-liiatools` if it is missing; the reason it cannot be had, or None."""
    marker = LIIA_VENV / ".installed"
    if marker.exists():
        return None
    python = _old_python()
    if python is None:
        return ("liiatools 0.2.0 pins cchardet 2.1.7, which does not build on Python 3.11 or later, and no "
                "Python 3.10 or 3.9 was found (set LIIATOOLS_PYTHON)")
    shutil.rmtree(LIIA_VENV, ignore_errors=True)
    subprocess.run([python, "-m", "venv", str(LIIA_VENV)], check=True)
    subprocess.run([str(LIIA_PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    proc = subprocess.run([str(LIIA_PY), "-m", "pip", "install", "--quiet", *LIIA_REQUIREMENTS],
                          capture_output=True, text=True)
    if proc.returncode:
        return f"pip install {' '.join(LIIA_REQUIREMENTS)} failed: {tail(proc)}"
    marker.touch()
    return None


def liia_spec_years(dataset: str, pattern: str) -> list[int]:
    spec = glob.glob(str(LIIA_VENV / "lib" / "python*" / "site-packages" / "liiatools" / "spec" / dataset / pattern))
    return sorted(int(m.group(1)) for p in spec if (m := re.search(r"(\d{4})", Path(p).name)))


# The steps --------------------------------------------------------------------------------------------

def spread(runs: list[float]) -> str:
    return f"least of {len(runs)} runs (most {max(runs):.1f} s)" if len(runs) > 1 else ""


def export(r: Return, env: dict[str, str], work: Path, period_end: dt.date, repeat: int) -> None:
    r.path = {"cin": work / "cin.xml", "ssda903": work / "ssda903", "annex-a": work / "annex_a.xlsx"}[r.kind]
    date_option = "--as-at" if r.kind == "annex-a" else "--period-end"
    runs = []
    for _ in range(repeat):
        secs, proc = timed([str(SAFEHOLD), "returns", r.kind, date_option, period_end.isoformat(), "--out",
                            str(r.path)], env=env)
        runs.append(secs)
        if proc.returncode:
            r.export = Step(secs, False, note=f"failed: {tail(proc)}")
            return
    r.export = Step(min(runs), output=proc.stdout, note=spread(runs))
    lines = proc.stdout.strip().splitlines()
    if r.kind == "cin":
        r.children = int(re.match(r"(\d+) children", lines[-1]).group(1))
        r.export.counts = lines[-1]
    else:
        rows = {m.group(1): int(m.group(2)) for line in lines if (m := re.match(r"(.+?)(?:\.csv)?: (\d+) rows", line))}
        first = "header" if r.kind == "ssda903" else "List 1"
        r.children = rows.get(first, 0)
        r.export.counts = (f"{sum(rows.values()):,} rows in {len(rows)} "
                           + ("tables" if r.kind == "ssda903" else "lists")
                           + f"; {r.children:,} " + ("children (header)" if r.kind == "ssda903" else "contacts (List 1)"))
    size = sum(p.stat().st_size for p in ([r.path] if r.path.is_file() else r.path.glob("*")))
    r.export.counts += f"; {size / 2**20:.1f} MiB" if size >= 2**20 else f"; {size / 2**10:.0f} KiB"


def validate(r: Return, period_end: dt.date) -> None:
    if r.kind == "annex-a" or not r.export.ok:
        return
    y = period_end.year
    if r.kind == "cin":
        cmd = [str(VALIDATORS_PY), "-I", str(RETURNS / "validator_cin.py"), str(r.path), f"cin{y - 1}_{y % 100:02d}"]
    else:
        cmd = [str(VALIDATORS_PY), "-I", str(RETURNS / "validator_903.py"), str(r.path), f"lac{y - 1}_{y % 100:02d}",
               os.environ.get("SAFEHOLD_LA_CODE", "999")]
    secs, proc = timed(cmd, label=f"validator {r.kind}")
    r.validator = Step(secs, proc.returncode == 0)
    if proc.returncode:
        r.validator.note = f"failed: {tail(proc)}"
    else:
        issues = [json.loads(line[len("@@safehold "):]) for line in proc.stdout.splitlines()
                  if line.startswith("@@safehold ")]
        found = [i for i in issues if "summary" not in i]
        errors = sum(1 for i in found if i.get("severity", "error") == "error")
        r.validator.counts = f"{len(found):,} findings" + (f" ({errors:,} errors)" if r.kind == "cin" else "")
        summary = next((i["summary"] for i in issues if "summary" in i), {})
        if summary.get("failed_to_run"):
            r.validator.counts += f"; rules that could not run: {', '.join(summary['failed_to_run'])}"
    secs, proc = timed([str(VALIDATORS_PY), "-I", "-c", VALIDATOR_READ, "cin" if r.kind == "cin" else "903",
                        str(r.path), str(y)], label=f"validator read {r.kind}")
    if proc.returncode:
        r.validator_read = Step(None, False, note=f"failed: {tail(proc)}")
    else:
        probe = json.loads(proc.stdout.strip().splitlines()[-1])
        r.validator_read = Step(probe["read"], note=f"in-process; process {secs:.1f} s, of which "
                                                    f"importing the validator {probe['import']:.1f} s")


def liiatools(r: Return, work: Path, la_code: str, timeout: float) -> None:
    """Social Finance's `cleanfile` on a copy of the file (it rewrites its input: SSDA903 drops blank
    rows in place). liiatools takes the collection year from the file's name and knows the schemas up to
    its newest (2023-24 in 0.2.0), so the copies are named for that year; the CIN copy carries the
    2023-24 `GenderCurrent` (1/2/0) in the place of the 2024-25 `Sex` (M/F/U), the one change without
    which its cleaner stops (an element its schema does not know). Everything else is as exported."""
    if not r.export.ok:
        return
    base = work / "liiatools" / r.kind
    inp, out, log = base / "in", base / "out", base / "log"
    for d in (inp, out, log):
        d.mkdir(parents=True, exist_ok=True)
    liia = [str(LIIA_PY), "-m", "liiatools"]
    if r.kind == "cin":
        year = max(liia_spec_years("cin_census", "CIN_schema_*.xsd"))
        sex = {"M": "1", "F": "2", "U": "0"}
        text = re.sub(r"<Sex>([MFU])</Sex>", lambda m: f"<GenderCurrent>{sex[m.group(1)]}</GenderCurrent>",
                      r.path.read_text())
        copy = inp / f"cin_census_{year}.xml"
        copy.write_text(text)
        cmd = liia + ["cin-census", "cleanfile", "--i", str(copy), "--la_code", la_code, "--la_log_dir", str(log),
                      "--o", str(out)]
    elif r.kind == "ssda903":
        year = max(liia_spec_years("s903", "SSDA903_schema_*.yml"))
        for table in sorted(r.path.glob("*.csv")):
            shutil.copy(table, inp / f"SSDA903_{year}_{table.name}")
        cmd = [str(LIIA_PY), "-c", LIIA_903, str(inp), la_code, str(log), str(out)]
    else:
        year = None
        copy = inp / r.path.name
        shutil.copy(r.path, copy)
        cmd = liia + ["annex-a", "cleanfile", "--i", str(copy), "--la_code", la_code, "--la_log_dir", str(log),
                      "--o", str(out)]
    secs, proc = timed(cmd, timeout=timeout, label=f"liiatools {r.kind} cleanfile")
    made = sorted(out.iterdir())
    first_try = ""
    if r.kind == "annex-a" and proc.returncode and "InvalidDimensions" in proc.stderr:
        # liiatools reads the workbook read-only, where a row ends at its last written cell unless the
        # sheet records its dimensions (Excel writes them; openpyxl's write-only mode, which the export
        # uses, does not), and its writer refuses a row shorter than the header. Re-saved by openpyxl
        # (not timed), the same cells come with each sheet's dimensions, and liiatools reads them.
        check = subprocess.run([str(LIIA_PY), "-c", RESAVE, str(copy)], capture_output=True, text=True, check=True)
        first_try = (f"as exported it stopped after {secs:.0f} s (tablib InvalidDimensions: rows shorter than "
                     f"the header, in {check.stdout.strip() or 'a list'}); timed on a copy re-saved by openpyxl")
        secs, proc = timed(cmd, timeout=timeout, label=f"liiatools {r.kind} cleanfile")
        made = sorted(out.iterdir())
    r.liiatools = Step(secs, proc.returncode == 0 and bool(made))
    if proc.returncode or not made:
        r.liiatools.note = "; ".join(filter(None, [first_try, f"failed: {tail(proc)}" if proc.returncode
                                                   else "produced no output"]))
        return
    rows = sum(max(0, len(p.read_text().splitlines()) - 1) for p in made if p.suffix == ".csv")
    r.liiatools.counts = f"{len(made)} cleaned file{'s' * (len(made) > 1)}" + (f", {rows:,} rows" if rows else "")
    # What it logged: cells it blanked or found missing, nodes it removed, tables it did not recognise.
    blanked, removed, unknown = 0, 0, []
    for p in log.glob("*.txt"):
        text = p.read_text()
        blanked += sum(int(n) for n in re.findall(r"'[^']+': (\d+)", text))
        removed += len(re.findall(r"^LAchildID: .*, Node: ", text, re.M))
        unknown += re.findall(r"for file titled '(?:SSDA903_\d{4}_)?([^']+)'", text)
    notes = [f"against its {year - 1}-{year % 100:02d} schema"] if year else []
    if first_try:
        notes.insert(0, first_try)
    if removed:
        notes.append(f"{removed:,} values removed as invalid")
    if blanked:
        notes.append(f"{blanked:,} cells logged as blanked or missing")
    if unknown:
        notes.append(f"not recognised: {', '.join(sorted(unknown))}")
    r.liiatools.note = "; ".join(notes)


def module_exists(kind: str) -> bool:
    return (RETURNS / "imports" / f"{kind.replace('-', '_')}.py").exists()


def import_twice(r: Return, pg: Postgres, prefix: str, template: str, repeat: int) -> None:
    """Into a new empty database (a copy of the migrated template), then the same file again; `repeat`
    times, each into a database of its own; the least time of each is reported."""
    def one(env: dict[str, str]) -> Step:
        secs, proc = timed([str(SAFEHOLD), "import", r.kind, str(r.path), "--quiet"], env=env)
        step = Step(secs, proc.returncode == 0, output=proc.stdout)
        lines = proc.stdout.splitlines()
        created = next((line.split(": created ", 1)[1] for line in lines if ": created " in line), "")
        refused = next((line for line in lines if line.startswith("Refused: ")), "")
        step.counts = "created " + (created or "?")
        if refused:
            step.counts += f"; {refused.lower()}"
        if proc.returncode:
            step.note = f"failed: {tail(proc)}"
        return step

    firsts, seconds = [], []
    for i in range(repeat):
        name = f"{prefix}_import_{r.kind.replace('-', '_')}_{i}"
        env = django_env(pg.create(name, template=template))
        firsts.append(one(env))
        seconds.append(one(env))
        pg.drop(name)
        if not (firsts[-1].ok and seconds[-1].ok):
            break
    r.import1, r.import2 = firsts[0], seconds[0]
    for step, runs in ((r.import1, firsts), (r.import2, seconds)):
        if all(s.ok for s in runs):
            step.seconds = min(s.seconds for s in runs)
            step.note = spread([s.seconds for s in runs])
        else:
            failed = next(s for s in runs if not s.ok)
            step.ok, step.note = False, failed.note
    if any(s.ok and "created nothing" not in s.counts for s in seconds):
        r.import2.note = "NOT idempotent: the second run created records; " + r.import2.note


def startup(env: dict[str, str]) -> dict[str, float]:
    """The floor under each process's wall clock: the least of three runs of a command that does nothing
    else (`safehold check`: Python, Django set-up and the system checks every management command runs)."""
    probes = {"safehold": [str(SAFEHOLD), "check"],
              "validators": [str(VALIDATORS_PY), "-I", "-c", "import pandas, cin_validator.cin_validator, "
                                                               "lac_validator.lac_validator"]}
    if LIIA_PY.exists():
        probes["liiatools"] = [str(LIIA_PY), "-m", "liiatools", "--help"]
    return {name: min(timed(cmd, env=env)[0] for _ in range(3)) for name, cmd in probes.items()}


# The report -------------------------------------------------------------------------------------------

def s(step: Step | None, missing: str = "n/a") -> str:
    if step is None:
        return missing
    if not step.ok or step.seconds is None:
        return "failed"
    return f"{step.seconds:.1f} s"


def ratio(a: Step | None, b: Step | None) -> str:
    if not a or not b or not a.ok or not b.ok or not a.seconds or not b.seconds:
        return "n/a"
    return f"{a.seconds / b.seconds:.2f}"


def busy_note() -> str:
    """What other processes on the machine did while the timed commands ran."""
    wall = sum(w for _, w, _ in BUSY)
    others = sum(o for _, _, o in BUSY)
    hit = [(label, w, o) for label, w, o in BUSY if o > 0.05 * w]
    text = (f"Other processes (PostgreSQL aside) used {others:.0f} CPU-seconds in the {wall:.0f} s of timed "
            f"commands (the script waits up to {QUIET_WAIT:.0f} s before each for the machine to go quiet)")
    if not hit:
        return text + ": none of the figures was disturbed."
    worst = sorted(hit, key=lambda h: -h[2] / h[1])[:4]
    return (text + f"; {len(hit)} of {len(BUSY)} commands shared the cores with more than 5% of a core's "
            "other work, the most: " + ", ".join(f"`{label}` ({o / w:.0%})" for label, w, o in worst) + ".")


def report(returns: list[Return], args, seed_note: str, starts: dict[str, float], liia_missing: str | None) -> str:
    by = {r.kind: r for r in returns}
    exports_total = sum(r.export.seconds or 0 for r in returns)
    exports_ok = all(r.export.ok for r in returns)
    cin = by["cin"]
    cin_import_ok = cin.import1 is not None and cin.import1.ok and cin.validator and cin.validator.ok
    lines = [
        "`bench/returns.py`: the three returns exported from the synthetic county, then in the same run, on "
        "the same files, data-to-insight's DfE validators (`csc-validator-be-cin`, `csc-validator-be-903`, "
        "as `safehold returns validate` runs them), Social Finance's liiatools cleaning "
        "(`liiatools <dataset> cleanfile`, PyPI `liiatools` 0.2.0) and Safehold's imports, each into an "
        "empty, migrated PostgreSQL database of its own, then once more into the same database "
        "(the idempotent re-run).",
        "",
        f"Measured {dt.date.today().isoformat()} on {machine()}; PostgreSQL 15 on the same machine. {seed_note} "
        f"Collection year ending {args.period_end} (Annex A as at that date).",
        "",
        "Every time is the wall clock of the command as its own process, start-up included. "
        f"Start-up alone: `safehold` {starts.get('safehold', 0):.1f} s (Python, Django set-up, system checks), "
        f"the validators {starts.get('validators', 0):.1f} s (Python, pandas, the validator packages)"
        + (f", liiatools {starts['liiatools']:.1f} s" if "liiatools" in starts else "")
        + ". The validators' read is measured in-process, without start-up: the part of each validator that "
        "reads the file into its tables before any rule runs. "
        + (f"Each export and import ran {args.repeat} times (each import into a new empty database, then "
           "again into the same one); the least time is shown, the most beside it. " if args.repeat > 1 else "")
        + "The validators and liiatools ran once each.",
        "",
        busy_note(),
        "",
        "| Target | Figure | Met |",
        "|---|---|---|",
        f"| All three exports under {EXPORT_TARGET:.0f} s | "
        + (f"{exports_total:.1f} s" if exports_ok else "an export failed")
        + f" | {'yes' if exports_ok and exports_total < EXPORT_TARGET else 'NO'} |",
    ]
    if cin_import_ok:
        met = cin.import1.seconds < cin.validator.seconds
        lines.append(f"| Census import faster than the DfE validator reads the census | import "
                     f"{cin.import1.seconds:.1f} s, validator {cin.validator.seconds:.1f} s "
                     f"({cin.validator.seconds / cin.import1.seconds:.1f}x) | {'yes' if met else 'NO'} |")
        if cin.validator_read and cin.validator_read.ok:
            import_less = cin.import1.seconds - starts.get("safehold", 0)
            met_read = import_less < cin.validator_read.seconds
            lines.append(f"| The same, the validator's read alone (both without start-up) | import "
                         f"{import_less:.1f} s, validator read {cin.validator_read.seconds:.1f} s | "
                         f"{'yes' if met_read else 'NO'} |")
    else:
        lines.append("| Census import faster than the DfE validator reads the census | "
                     + ("import not available" if cin.import1 is None else "a step failed") + " | n/a |")
    for r in returns:
        unit = {"cin": "children in the census", "ssda903": "children in care in the year",
                "annex-a": "contacts in List 1"}[r.kind]
        lines += ["", f"**{NAMES[r.kind]}** ({r.children:,} {unit})", "",
                  "| Step | Time | What | Note |", "|---|---|---|---|",
                  f"| Export (`safehold returns {r.kind}`) | {s(r.export)} | {r.export.counts} | {r.export.note} |"]
        if r.kind == "annex-a":
            lines.append("| DfE validator | n/a | there is none for Annex A | |")
        else:
            lines.append(f"| DfE validator, whole run | {s(r.validator)} | {r.validator.counts if r.validator else ''} "
                         f"| {r.validator.note if r.validator else ''} |")
            lines.append(f"| DfE validator, read only | {s(r.validator_read)} | | "
                         f"{r.validator_read.note if r.validator_read else ''} |")
        if liia_missing:
            lines.append(f"| liiatools `cleanfile` | not run | | {liia_missing} |")
        else:
            lines.append(f"| liiatools `cleanfile` | {s(r.liiatools)} | {r.liiatools.counts} | {r.liiatools.note} |")
        if r.import1 is None:
            lines.append(f"| Import (`safehold import {r.kind}`) | not available | | "
                         f"`src/safehold/returns/imports/{r.kind.replace('-', '_')}.py` does not exist yet |")
        else:
            lines.append(f"| Import into an empty database | {s(r.import1)} | {r.import1.counts} | {r.import1.note} |")
            lines.append(f"| Import again (same database) | {s(r.import2)} | {r.import2.counts} | {r.import2.note} |")
        lines += ["", f"Ratios: validator / export {ratio(r.validator, r.export)}, "
                      f"validator / import {ratio(r.validator, r.import1)}, "
                      f"liiatools / import {ratio(r.liiatools, r.import1)}."]
    if not liia_missing:
        lines += ["", "How liiatools was run: in its own virtualenv `.venv-liiatools` (the script makes it: "
                  "`python3.10 -m venv .venv-liiatools && .venv-liiatools/bin/pip install 'liiatools==0.2.0' 'numpy<2'`; "
                  "0.2.0, the newest on PyPI, pins cchardet 2.1.7, which does not build on Python 3.11, and "
                  "pandas < 2, which breaks on numpy 2), with `--la_code "
                  f"{args.la_code}` (it accepts only the London boroughs' three-letter codes). It reads the collection "
                  "year from the file's name and knows the schemas up to 2023-24, so the copies are named for "
                  "2023-24; the census copy carries `GenderCurrent` (1, 2, 0) in the place of the 2024-25 `Sex` "
                  "(M, F, U), without which its cleaner stops at the first child (an element its schema does "
                  "not know). SSDA903 tables are cleaned one by one (its `cleanfile` takes one table) in one "
                  "process. The cleaning is liiatools' first step only (its LA and pan-London aggregation steps "
                  "are not run): it validates each value against the schema, blanks what fails and writes CSV "
                  "(or, for Annex A, a workbook)."]
    return wrap("\n".join(lines))


def wrap(body: str, width: int = 100) -> str:
    """Paragraphs wrapped like the rest of docs/benchmarks.md; table rows left whole."""
    return "\n".join(line if line.startswith("|") or len(line) <= width else
                     textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False)
                     for line in body.split("\n"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--children", type=int, default=20000)
    parser.add_argument("--as-of", default="2026-11-28", help="Date the county is seeded as at")
    parser.add_argument("--period-end", default=None,
                        help="Last day of the collection year (default 31 March of the --as-of year)")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres",
                        help="URL of a database on the PostgreSQL server, to create the scratch databases from")
    parser.add_argument("--reuse", metavar="DBNAME", help="An already seeded database to export from (not dropped)")
    parser.add_argument("--la-code", default="BAR", help="The LA code liiatools is given (one of its London codes)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="Runs of each export and import (each import into a new database); the least is reported")
    parser.add_argument("--quiet-wait", type=float, default=120,
                        help="Seconds to wait, before each timed command, for other processes to go quiet")
    parser.add_argument("--liiatools-timeout", type=float, default=1800)
    parser.add_argument("--no-liiatools", action="store_true", help="Skip liiatools (quicker smoke runs)")
    parser.add_argument("--keep", action="store_true", help="Keep the scratch databases and files")
    parser.add_argument("--no-docs", action="store_true", help="Print the section, do not write docs/benchmarks.md")
    args = parser.parse_args()
    as_of = dt.date.fromisoformat(args.as_of)
    period_end = dt.date.fromisoformat(args.period_end) if args.period_end else dt.date(as_of.year, 3, 31)
    args.period_end = period_end.isoformat()
    global QUIET_WAIT
    QUIET_WAIT = args.quiet_wait

    ensure_validators()
    liia_missing = "skipped (--no-liiatools)" if args.no_liiatools else ensure_liiatools()
    pg = Postgres(args.postgres)
    prefix = f"safehold_returns_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="safehold-returns-"))
    try:
        if args.reuse:
            source = pg.url(args.reuse)
            seed_note = f"County: the seeded database `{args.reuse}`, reused."
        else:
            source = pg.create(f"{prefix}_county")
            env = django_env(source)
            subprocess.run([str(SAFEHOLD), "migrate", "-v0"], env=env, check=True)
            print(f"Seeding {args.children:,} children as of {as_of} ...", flush=True)
            secs, proc = timed([str(SAFEHOLD), "seed", "--children", str(args.children), "--seed", "42", "--quiet",
                                "--as-of", as_of.isoformat()], env=env)
            if proc.returncode:
                raise SystemExit(f"seed failed: {tail(proc, 10)}")
            seed_note = (f"County: `safehold seed --children {args.children} --seed 42 --as-of {as_of}` "
                         f"(five years of history), seeded for this run in {secs:.0f} s.")
        env = django_env(source)
        starts = startup(env)
        print(f"Start-up: {starts}", flush=True)

        returns = [Return(kind) for kind in KINDS]
        for r in returns:
            export(r, env, work, period_end, args.repeat)
            print(f"export {r.kind}: {s(r.export)} {r.export.counts} {r.export.note}", flush=True)
        for r in returns:
            validate(r, period_end)
            if r.validator:
                print(f"validator {r.kind}: {s(r.validator)} {r.validator.counts} {r.validator.note}; "
                      f"read {s(r.validator_read)} {r.validator_read.note}", flush=True)
        if not liia_missing:
            for r in returns:
                liiatools(r, work, args.la_code, args.liiatools_timeout)
                print(f"liiatools {r.kind}: {s(r.liiatools)} {r.liiatools.counts} {r.liiatools.note}", flush=True)
        available = [r for r in returns if module_exists(r.kind) and r.export.ok]
        if available:
            empty = pg.create(f"{prefix}_empty")
            subprocess.run([str(SAFEHOLD), "migrate", "-v0"], env=django_env(empty), check=True)
            for r in available:
                import_twice(r, pg, prefix, f"{prefix}_empty", args.repeat)
                print(f"import {r.kind}: {s(r.import1)} {r.import1.counts} {r.import1.note}; "
                      f"again {s(r.import2)} {r.import2.counts} {r.import2.note}", flush=True)
        body = report(returns, args, seed_note, starts, liia_missing)
        if args.no_docs:
            print(body)
        else:
            write_section(TITLE, body)
            print(f"Wrote the '{TITLE}' section of docs/benchmarks.md")
        print(f"Three exports: {sum(r.export.seconds or 0 for r in returns):.1f} s")
    finally:
        if args.keep:
            print(f"Kept: databases {', '.join(pg.created) or '(none)'}; files in {work}")
        else:
            pg.drop_all()
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
