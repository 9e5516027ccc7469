"""Benchmark (issue 16): Safehold's own DfE rules against the sector's validators (data-to-insight's), measured
in the same run on the same files, and the time the check adds to a save.

    .venv/bin/python bench/validation.py [--reuse county.sqlite3] [--county 20000] [--census 100000]

A county of 1,500 children with five years of history is seeded (or reused), its 2025-26 census and SSDA903 are
written from the record, and then made county-sized by repeating every child under new IDs (so a county of
20,000 children has about 13 times the seeded county's children in need and in care, and a census of 100,000
children is the seeded census's children repeated). Targets: each return validated in under a tenth of the
sector validator's time; a 100,000-child census in under a minute; the check on save under 100 ms.
Results are written to docs/benchmarks.md with the machine and date.
"""

from __future__ import annotations

import argparse
import copy
import csv
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from seed import machine, write_section

YEAR_END = dt.date(2026, 3, 31)


def _setup(reuse: str | None, tmp: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{reuse or tmp / 'county.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safehold.config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not reuse:
        from safehold.synthetic.county import seed_county

        seed_county(children=1500, seed=11, as_of=dt.date(2026, 11, 28), quiet=True, years=5)


def _grow_903(src: Path, dst: Path, times: int) -> int:
    dst.mkdir(parents=True, exist_ok=True)
    children = set()
    for path in src.glob("*.csv"):
        with path.open(newline="") as fh:
            reader = csv.DictReader(fh)
            rows, fields = list(reader), reader.fieldnames
        with (dst / path.name).open("w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            for i in range(times):
                for r in rows:
                    r2 = dict(r, CHILD=f"{r['CHILD'][:2]}{i:03d}{r['CHILD'][-5:]}")
                    children.add(r2["CHILD"])
                    writer.writerow(r2)
    return len(children)


def _grow_cin(src: Path, dst: Path, children: int) -> int:
    from lxml import etree

    root = etree.parse(str(src)).getroot()
    holder = root.find("Children")
    base = list(holder)
    for c in base:
        holder.remove(c)
    n = 0
    while n < children:
        for c in base:
            if n >= children:
                break
            c2 = copy.deepcopy(c)
            c2.find("ChildIdentifiers/LAchildID").text = f"G{n:07d}"
            holder.append(c2)
            n += 1
    dst.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return n


def _save_checks() -> dict[str, list[float]]:
    """The time a save's check takes, by kind of save: two real changes a child, each written then checked."""
    from safehold.children_in_care.models import Placement
    from safehold.family_help.models import Assessment
    from safehold.people.models import Person
    from safehold.returns import record
    from safehold.returns.models import ChildCheck

    in_need = list(Person.objects.filter(cin_episodes__isnull=False, cin_episodes__closure_date__isnull=True,
                                         assessments__isnull=False).distinct().values_list("pk", flat=True)[:40])
    in_care = list(Person.objects.filter(care_episodes__isnull=False, care_episodes__end_date__isnull=True)
                   .distinct().values_list("pk", flat=True)[:40])

    def assessment(pk):  # a manager authorises the latest assessment (or the authorisation is taken back)
        a = Assessment.objects.filter(person_id=pk).order_by("-start_date").first()
        Assessment.objects.filter(pk=a.pk).update(
            authorised_date=None if a.authorised_date else a.start_date + dt.timedelta(days=20))

    def placement(pk):  # the current placement's postcode is corrected
        p = Placement.objects.filter(person_id=pk).order_by("-start_date").first()
        Placement.objects.filter(pk=p.pk).update(postcode="AB1 2CD" if p.postcode != "AB1 2CD" else "XY9 8ZW")

    def ethnicity(pk):  # the child's ethnicity is corrected
        value = Person.objects.filter(pk=pk).values_list("ethnicity", flat=True).get()
        Person.objects.filter(pk=pk).update(ethnicity="WOTH" if value != "WOTH" else "WBRI")

    def afresh(pk):
        ChildCheck.objects.filter(person_id=pk).delete()

    kept = {"assessments": list(Assessment.objects.filter(person_id__in=in_need).values_list("pk", "authorised_date")),
            "placements": list(Placement.objects.filter(person_id__in=in_care).values_list("pk", "postcode")),
            "people": list(Person.objects.filter(pk__in=in_care).values_list("pk", "ethnicity"))}
    out = {}
    for label, people, collections, change, before in (
            ("a child in need's record (an assessment authorised): the census", in_need, ("cin",), assessment, None),
            ("a child in care's record (a placement corrected): the SSDA903", in_care, ("ssda903",), placement, None),
            ("a child in care's own details (ethnicity): both returns", in_care, ("cin", "ssda903"), ethnicity, None),
            ("a child's first check (every rule: a child new since the nightly check readied the others), own "
             "details: both returns", in_care,
             ("cin", "ssda903"), ethnicity, afresh)):
        for pk in people[:3]:
            record.refresh_child(pk, collections)  # warm
        samples = []
        for pk in people:
            record.refresh_child(pk, collections)  # the child's last check
            for _ in range(2):
                if before:
                    before(pk)
                change(pk)
                started = time.perf_counter()
                record.refresh_child(pk, collections)
                samples.append((time.perf_counter() - started) * 1000)
        out[label] = samples
    # The county as it was (a reused database is read again by later runs).
    for pk, value in kept["assessments"]:
        Assessment.objects.filter(pk=pk).update(authorised_date=value)
    for pk, value in kept["placements"]:
        Placement.objects.filter(pk=pk).update(postcode=value)
    for pk, value in kept["people"]:
        Person.objects.filter(pk=pk).update(ethnicity=value)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reuse", help="a SQLite database holding a seeded county")
    parser.add_argument("--county", type=int, default=20000)
    parser.add_argument("--census", type=int, default=100000)
    parser.add_argument("--no-sector", action="store_true", help="skip the sector's validators")
    parser.add_argument("--seeded-children", type=int, default=1500,
                        help="how many children the seeded (or reused) county was seeded with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        _setup(args.reuse, tmp)
        from safehold.returns import cin, record, ssda903
        from safehold.returns.models import ChildCheck
        from safehold.returns.rules.compare import compare_903, compare_cin, ours_cin

        ssda903.write(YEAR_END, tmp / "903")
        cin.write(YEAR_END, tmp / "cin.xml")
        seeded = args.seeded_children
        times = max(1, round(args.county / seeded))
        in_care = _grow_903(tmp / "903", tmp / "903-county", times)
        with (tmp / "cin.xml").open("rb") as fh:
            census_children = fh.read().count(b"<Child>")
        county_cin = _grow_cin(tmp / "cin.xml", tmp / "cin-county.xml", census_children * times)
        lines = [f"Seeded county: {seeded:,} children (and their families); made county-sized by repeating each child {times} times "
                 f"(about {seeded * times:,} children): {county_cin:,} children in the census, {in_care:,} in the "
                 "SSDA903. Same files for both; each time one run.", "",
                 "| Return | Safehold's rules | Sector validator | Ratio | Same findings |", "|---|---|---|---|---|"]
        if not args.no_sector:
            for name, c in (("CIN census 2025-26", compare_cin(tmp / "cin-county.xml", 2025)),
                            ("SSDA903 2025-26", compare_903(tmp / "903-county", 2025))):
                same = "yes" if not c.only_ours and not c.only_theirs else (
                    f"no: {len(c.only_ours)} only Safehold, {len(c.only_theirs)} only sector")
                lines.append(f"| {name} | {c.our_seconds:.2f} s | {c.their_seconds:.1f} s | "
                             f"{c.their_seconds / c.our_seconds:.0f}x faster | {same} |")
        big = _grow_cin(tmp / "cin.xml", tmp / "cin-big.xml", args.census)
        _, seconds, ran = ours_cin(tmp / "cin-big.xml", 2025, first_review_only=False)
        lines += ["", f"A census of {big:,} children: Safehold's {len(ran)} rules in {seconds:.1f} s (target: under "
                  "a minute)."]

        # What a save adds is one child's check of the return(s) the saved record feeds (returns/receivers.py): a
        # Family Help or child protection record the census, a care record the SSDA903, the child's own details
        # (date of birth, ethnicity, UPN ...) both. Children open to the service on the day, as a worker's are. Each
        # sample is a real change (an assessment's authorisation, a placement's postcode, the child's ethnicity),
        # written and then checked, as a save is; the check reruns the rules that read what changed
        # (returns/record.py, ChildCheck). The first check of a child (after a release: new rules) runs them all.
        lines += ["", "The check a save adds (the child's return(s) built from the record, the rules that read what "
                  "the save changed run, the findings kept; SQLite; target: under 100 ms):", "",
                  "| Saved | Saves | Median | 95th percentile |", "|---|---|---|---|"]
        for label, samples in _save_checks().items():
            samples.sort()
            p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
            lines.append(f"| {label} | {len(samples)} | {statistics.median(samples):.0f} ms | {p95:.0f} ms |")
        lines += ["", "A save of the child's own details that changes nothing the returns read (a name, a language) "
                  "is not checked."]
        # The nightly check readies every child in a return for the next save (record.prime_checks): timed as on
        # the first night after a release, when no child's check is by the new rules.
        ChildCheck.objects.all().delete()
        started = time.perf_counter()
        counts = record.refresh_county()
        seconds = time.perf_counter() - started
        primed = sum(c["primed"] for c in counts.values())
        lines += ["", f"The nightly check (`safehold returns check`) on the first night after a release: the whole "
                  f"seeded county's returns checked and {primed:,} children's checks readied one by one, in "
                  f"{seconds:.0f} s ({seconds * 1000 / max(primed, 1):.0f} ms a child)."]
        body = f"{machine()}, {dt.date.today():%d %B %Y}.\n\n" + "\n".join(lines)
        print(body)
        write_section("Validation: Safehold's rules and the sector's validators (issue 16)", body)


if __name__ == "__main__":
    main()
