"""Connects the statistics page to the session and runs its counts and exports, so the shell only
says "open", "close" (back to the list, lock, wipe) and "shut down" (quit).

Opening reads the population through the session: its one task on the vault's connection, which
a lock waits for; the same task works each case's values out once (intake/counting_index.py).
Figures are then counted from that index in a task of this controller's own (a tenth of a second
at 100,000 cases, half a second the first time a unit is counted), one count at a time: a filter
changed meanwhile is counted when the running count ends, and only the newest figures are shown.
Exports are tasks of their own on the population in memory; they touch no connection, so they
do not hold the session.

`close()` drops the population at once, tells a running PDF export to stop at its next page, and
from then on ignores whatever a task still delivers (every open starts a new generation). A
running count's thread holds the population until it ends (under a second): Python cannot stop it
sooner.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from intake.counting_index import CountingIndex
from intake.dashboard_figures import DashboardFigures
from ui.background_task import BackgroundTask, ProgressCallback
from ui.statistics_page import StatisticsPage
from ui.statistics_tasks import csv_task, figures_task, parse_progress, pdf_task
from ui.vault_session import VaultSession


class StatisticsController(QObject):
    def __init__(self, window: QWidget, session: VaultSession, page: StatisticsPage) -> None:
        super().__init__(window)
        self._session = session
        self.page = page
        self._index: CountingIndex | None = None
        self._open = False
        self._generation = 0
        self._counting: BackgroundTask | None = None
        self._count_again = False
        self._exporting: BackgroundTask | None = None
        self._cancel = threading.Event()
        page.filters_changed.connect(self._count)
        page.csv_export_requested.connect(self._export_csv)
        page.pdf_export_requested.connect(self._export_pdf)
        session.statistics_loaded.connect(self._loaded)
        session.statistics_failed.connect(self._load_failed)

    def open(self) -> bool:
        """Starts reading the population; False (nothing started) while locked or busy."""
        if self._session.vault is None or self._session.is_busy():
            return False
        self._generation += 1
        self._open = True
        self._cancel = threading.Event()
        self.page.show_loading()
        self._session.load_statistics()
        return True

    def close(self) -> None:
        self._open = False
        self._generation += 1
        self._index = None
        self._count_again = False
        self._cancel.set()
        self.page.clear()

    def shutdown(self) -> None:
        """At quit: nothing shown any more, and no thread left running."""
        self.close()
        for task in (self._counting, self._exporting):
            if task is not None:
                task.wait()
                task.deliver()

    def is_busy(self) -> bool:
        return self._counting is not None or self._exporting is not None

    # -- loading and counting ------------------------------------------------------------------

    def _loaded(self, index: object) -> None:
        if not self._open or not isinstance(index, CountingIndex):
            return  # closed (back, lock) while reading: nothing is kept
        self._index = index
        self._count()

    def _load_failed(self, message: str) -> None:
        if self._open:
            self.page.set_counting(False)
            self.page.show_message(message)

    def _count(self) -> None:
        if self._index is None:
            return
        if self._counting is not None:
            self._count_again = True
            return
        filters = self.page.filters
        function = figures_task(self._index, filters.case_filter(), filters.unit())
        self._counting = self._run(function, self._counted, self._count_failed, self._count_finished)
        self.page.set_counting(True)

    def _counted(self, figures: object) -> None:
        if not self._count_again and isinstance(figures, DashboardFigures):
            self.page.show_figures(figures)

    def _count_failed(self, message: str) -> None:
        self.page.show_message(message)

    def _count_finished(self) -> None:
        self._counting = None
        if not self._open:
            return
        if self._count_again:
            self._count_again = False
            self._count()
        else:
            self.page.set_counting(False)

    # -- exports -------------------------------------------------------------------------------

    def _export_csv(self, folder: str, language: str) -> None:
        if self._index is None or self._exporting is not None:
            return
        function = csv_task(self._index.population, self.page.filters.case_filter(), Path(folder), language)
        self._start_export(function)

    def _export_pdf(self, path: str, language: str) -> None:
        if self._index is None or self._exporting is not None:
            return
        function = pdf_task(
            self._index.population,
            self.page.filters.case_filter(),
            path=Path(path),
            language=language,
            cancel=self._cancel,
        )
        self._start_export(function)

    def _start_export(self, function: Callable[[ProgressCallback], object]) -> None:
        self._exporting = self._run(
            function, self._exported, self.page.show_message, self._export_finished, progress=self._progress
        )
        self.page.set_exporting(True)

    def _progress(self, text: str) -> None:
        parsed = parse_progress(text)
        if parsed is not None and self._open:
            self.page.show_progress(*parsed)

    def _exported(self, result: object) -> None:
        if isinstance(result, list):
            folder = result[0].parent if result else ""
            self.page.show_message(
                self.tr("%n table(s) written to {folder}. They are NOT encrypted.", "", len(result)).format(
                    folder=folder
                )
            )
        else:
            self.page.show_message(
                self.tr("Report written to {path}. It is NOT encrypted.").format(path=result)
            )

    def _export_finished(self) -> None:
        self._exporting = None
        if self._open:
            self.page.set_exporting(False)

    # -- helpers -------------------------------------------------------------------------------

    def _run(
        self,
        function: Callable[[ProgressCallback], object],
        succeeded: Callable[[object], None],
        failed: Callable[[str], None],
        finished: Callable[[], None],
        *,
        progress: Callable[[str], None] | None = None,
    ) -> BackgroundTask:
        """A task whose outcome reaches `succeeded` / `failed` only if the page is still showing
        the same opening; `finished` always runs (it frees the slot)."""
        task = BackgroundTask(function, self)
        generation = self._generation

        def current() -> bool:
            return self._open and generation == self._generation

        task.succeeded.connect(lambda result: succeeded(result) if current() else None)
        task.failed.connect(lambda message: failed(message) if current() else None)
        task.finished.connect(finished)
        task.finished.connect(task.deleteLater)
        if progress is not None:
            task.progress.connect(progress)
        task.start()
        return task
