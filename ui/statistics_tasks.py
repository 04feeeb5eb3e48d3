"""The worker-side functions of the statistics dashboard, run by ui/background_task.py. No widgets.

- `load_task`: reads what statistics count through the open vault's connection and works out
  each case's values once (a CountingIndex; about a second at 100,000 cases), so it runs as the
  session's one task;
- `figures_task`: every figure the dashboard shows, from that index. It touches no connection
  and takes a tenth of a second at 100,000 cases, half a second the first time a unit is
  counted (its victims' or acts' values are worked out then), so it runs off the GUI thread too;
- `csv_task`, `pdf_task`: the publication-safe exports, written where the user chose.

Progress strings (the only thing that crosses threads while a task runs): the PDF writer's
"steps DONE/TOTAL"; `parse_progress` turns them back into (done, total).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from intake.counting_index import CountingIndex
from intake.dashboard_figures import DashboardFigures, dashboard_figures
from intake.errors import CancelledError
from intake.i18n import Translation, _
from intake.report_csv import write_csv_tables
from intake.report_labels import ReportLabels
from intake.report_tables import published_tables
from intake.statistics import CaseFilter, Population, load_population, select
from intake.vault import Vault
from intake.vocabulary import default_vocabularies

ProgressCallback = Callable[[str], None]


def parse_progress(text: str) -> tuple[int, int] | None:
    kind, _space, fraction = text.partition(" ")
    done, _slash, total = fraction.partition("/")
    if kind != "steps" or not done.isdigit() or not total.isdigit():
        return None
    return int(done), int(total)


def load_task(vault: Vault) -> Callable[[ProgressCallback], CountingIndex]:
    def run(_progress: ProgressCallback) -> CountingIndex:
        index = CountingIndex(load_population(vault.connection), default_vocabularies())
        index.prepare()
        return index

    return run


def figures_task(
    index: CountingIndex, chosen: CaseFilter, unit: str
) -> Callable[[ProgressCallback], DashboardFigures]:
    def run(_progress: ProgressCallback) -> DashboardFigures:
        return dashboard_figures(index, chosen, unit, index.vocab)

    return run


def csv_task(
    population: Population, chosen: CaseFilter, folder: Path, language: str
) -> Callable[[ProgressCallback], list[Path]]:
    """The published tables (small counts suppressed) of the cases the filter covers, labelled in
    `language`, as CSV files in `folder` (which must hold none of them yet)."""

    def run(_progress: ProgressCallback) -> list[Path]:
        vocab = default_vocabularies()
        tables = published_tables(select(population, chosen, vocab), vocab)
        return write_csv_tables(folder, tables, ReportLabels(vocab, Translation(language)))

    return run


def pdf_task(
    population: Population,
    chosen: CaseFilter,
    *,
    path: Path,
    language: str,
    cancel: threading.Event,
) -> Callable[[ProgressCallback], Path]:
    """The report in `language` at `path`, replacing a file there (the save dialog asked). Setting
    `cancel` (a lock, a quit, the panic wipe) stops the writer at its next step: the document is
    built in memory and written at the end, so nothing is left behind."""

    def run(progress: ProgressCallback) -> Path:
        # ReportLab takes a fifth of a second to load: only when a report is asked for.
        from intake.report_pdf import write_pdf_report  # noqa: PLC0415

        def report(done: int, total: int) -> None:
            if cancel.is_set():
                raise CancelledError(_("The export was cancelled; nothing was written."))
            progress(f"steps {done}/{total}")

        write_pdf_report(
            path, population, chosen, default_vocabularies(), language, progress=report, overwrite=True
        )
        return path

    return run
