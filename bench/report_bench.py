"""The published report at scale: the PDF against the CSV tables of the same cases, in one run.

    .venv/bin/python -m bench.report_bench [--cases 100000] [--repeats 3] [--json FILE]

Both formats start from the same in-memory population (the shape `load_population` returns, so
no vault is built: bench/dashboard_bench.py measures loading) and publish the same suppressed
tables. The CSV files are the peer: the same figures without layout, charts, descriptions or the
annex. A fifth of the cases consent to an anonymised description, so the annex is at its bound.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from intake.i18n import Translation
from intake.report_csv import write_csv_tables
from intake.report_labels import ReportLabels
from intake.report_pdf import MAX_ANNEX_ROWS, build_pdf_report
from intake.report_tables import published_tables
from intake.statistics import CaseFilter, Population, select
from intake.vocabulary import Vocabularies, default_vocabularies

WORK = Path(__file__).resolve().parent / "results" / "report-work"  # synthetic cases only


def population(size: int, vocab: Vocabularies, seed: int = 20261204) -> Population:
    rng = random.Random(seed)
    violations = [t.code for t in vocab.terms("violation")]
    perpetrators = [t.code for t in vocab.terms("perpetrator")]
    biases = [t.code for t in vocab.terms("bias")]
    stages = [t.code for t in vocab.terms("police_stage")]
    needs = [t.code for t in vocab.terms("need")]
    places = [(d.code, s.code) for d in vocab.districts() for s in vocab.subjects(d.code)]
    cases: list[dict[str, Any]] = []
    for n in range(size):
        district, subject = rng.choice(places)
        own = rng.sample(violations, rng.randint(1, 2))
        victims = [{"id": f"v{k}", "role": "victim"} for k in range(rng.choice((1, 1, 1, 2)))]
        consent = [{"person": v["id"], "scope": "C2.STATS", "status": "granted"} for v in victims]
        if rng.random() < 0.2:
            consent += [{"person": v["id"], "scope": "C3.PUB_ANON", "status": "granted"} for v in victims]
        cases.append(
            {
                "_id": f"{n:036d}",
                "occurred": {
                    "date": f"{rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}",
                    "precision": "month",
                },
                "district": district,
                "subject": subject,
                "place_type": None,
                "violations": own,
                "bias_motivations": [rng.choice(biases[:3])],
                "police_stage": rng.choice([*stages, None]),
                "persons": victims,
                "acts": [{"victim": v["id"], "type": rng.choice(own), "date": None} for v in victims],
                "perpetrators": [rng.choice(perpetrators)],
                "sources": [],
                "consent": consent,
                "followups": [{"need": rng.choice(needs), "status": "done"}],
            }
        )
    return Population(tuple(cases), ())


def _median(repeats: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    vocab = default_vocabularies()
    people = population(args.cases, vocab)
    cases = select(people, CaseFilter(), vocab)
    labels = ReportLabels(vocab, Translation("ru"))
    sizes: dict[str, int] = {}

    def pdf() -> None:
        sizes["pdf"] = len(build_pdf_report(people, CaseFilter(), vocab, "ru"))

    def csv() -> None:
        folder = WORK / "csv"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        try:
            write_csv_tables(folder, published_tables(cases, vocab), labels)
            sizes["csv"] = sum(p.stat().st_size for p in folder.iterdir())
        finally:
            shutil.rmtree(folder)

    tables = _median(args.repeats, lambda: published_tables(cases, vocab))
    csv_time = _median(args.repeats, csv)
    pdf_time = _median(args.repeats, pdf)
    result = {
        "cases": args.cases,
        "published_tables_s": tables,
        "csv_s": csv_time,
        "pdf_s": pdf_time,
        "pdf_vs_csv": pdf_time / csv_time,
        "pdf_bytes": sizes["pdf"],
        "annex_bound": MAX_ANNEX_ROWS,
    }
    print(f"| {args.cases:,} cases | median of {args.repeats} |")
    print("|---|---:|")
    print(f"| published tables (count + suppression) | {tables:.2f} s |")
    print(f"| CSV tables, written (peer) | {csv_time:.2f} s |")
    print(f"| PDF report in Russian, built in memory | {pdf_time:.2f} s ({pdf_time / csv_time:.1f}× CSV) |")
    print(f"| PDF size | {sizes['pdf'] / 1024:,.0f} KiB |")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
