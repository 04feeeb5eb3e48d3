"""The desktop case list at 100,000 cases: first paint, filter changes, search, deep scroll.

    .venv/bin/python -m bench.list_model_bench [--cases 100000] [--json FILE]

Each figure is the time from the change to a rendered table (`QTableView.grab()` paints the
viewport offscreen), median of several runs. The peer is the same store and model over plain
SQLite (decision 0006), each peer in its own process because SQLCipher's memory security is
process-wide.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

WORK = Path(__file__).resolve().parent / "results" / "list-work"
RUNS = 7


def _median_ms(action: Callable[[], object]) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def _filter_bar(model: Any, view: Any) -> dict[str, Any]:
    """What the filter bar sends: a violation group or one violation with a region, date ranges.
    The synthetic cases carry two of seven violations and one of eight subjects."""
    from intake.case_queries import CaseFilter

    bar_filters = {
        "threats group alone": CaseFilter(violation_group_codes=("threats",)),
        "physical group alone": CaseFilter(violation_group_codes=("physical",)),
        "threats group + Central district": CaseFilter(district="CFD", violation_group_codes=("threats",)),
        "one violation + one subject": CaseFilter(
            district="VFD", subject="RU-TA", violation_group_codes=("PHY.ASLT",)
        ),
        "extremism group + three months": CaseFilter(
            violation_group_codes=("extremism",), occurred_from="2024-03", occurred_to="2024-05"
        ),
        "district + from a year": CaseFilter(district="NWFD", occurred_from="2025"),
        "group with no cases (family)": CaseFilter(violation_group_codes=("family",)),
    }

    def bar_filter(case_filter: CaseFilter) -> Callable[[], None]:
        def change() -> None:
            model.set_filter(case_filter)
            view.grab()

        return change

    each = {name: _median_ms(bar_filter(case_filter)) for name, case_filter in bar_filters.items()}
    model.set_filter(CaseFilter())
    return {
        "filter_bar_ms": statistics.median(each.values()),
        "filter_bar_slowest_ms": max(each.values()),
        "filter_bar_each_ms": each,
    }


def _measure(peer: str, cases: int, out: Any) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QTableView

    from bench.store_bench import AUTHOR, PASSPHRASE, build_large, plain_connection, synthetic_case
    from intake.case_store import CaseStore
    from intake.vault import unlock_vault
    from intake.vocabulary import default_vocabularies
    from ui.case_list_model import CaseListModel

    folder = WORK / peer
    folder.mkdir(parents=True)
    rng = random.Random(20261122)
    docs = [synthetic_case(rng, i) for i in range(10_000)]
    location = build_large(peer, folder, docs, cases)
    if peer == "sqlcipher":
        vault = unlock_vault(location, PASSPHRASE)
        store = vault.store
    else:
        context = plain_connection(location)
        store = CaseStore(context.__enter__(), author=AUTHOR, vocab=default_vocabularies())

    app = QApplication([])
    view = QTableView()
    model = CaseListModel()
    view.setModel(model)
    view.resize(1100, 700)
    view.show()

    def first_paint() -> None:
        model.clear()
        model.attach(store)
        view.grab()

    statuses = iter(["sealed", "draft", None] * RUNS)

    def filter_change() -> None:
        model.set_status(next(statuses))
        view.grab()

    queries = iter(
        ["полиция", "witness", "угроз", "club evening", "протокол штраф", "задержание", "police"] * 2
    )

    def search() -> None:
        model.set_search(next(queries))
        view.grab()

    rows = iter(range(cases // 2, cases, max(1, cases // (2 * RUNS + 2))))

    def deep_scroll() -> None:
        view.scrollTo(model.index(next(rows), 0))
        view.grab()

    results: dict[str, Any] = {
        "first_paint_ms": _median_ms(first_paint),
        "filter_change_ms": _median_ms(filter_change),
    }
    results.update(_filter_bar(model, view))
    results["deep_scroll_ms"] = _median_ms(deep_scroll)
    results["search_ms"] = _median_ms(search)
    results["rows"] = model.rowCount()
    out.send(results)
    app.quit()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    context = multiprocessing.get_context("spawn")
    results: dict[str, Any] = {"cases": args.cases}
    try:
        for peer in ("sqlite", "sqlcipher"):
            here, there = context.Pipe()
            worker = context.Process(target=_measure, args=(peer, args.cases, there))
            worker.start()
            results[peer] = here.recv()
            worker.join()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    results["ratios"] = {
        key: results["sqlcipher"][key] / results["sqlite"][key]
        for key in (
            "first_paint_ms",
            "filter_change_ms",
            "filter_bar_ms",
            "filter_bar_slowest_ms",
            "deep_scroll_ms",
            "search_ms",
        )
    }
    print(json.dumps(results, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
