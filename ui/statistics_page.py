"""The coordinator's statistics dashboard: filters, the caveats, what is counted and what is left
out, the figures, and the two exports.

Filled by ui/statistics_controller.py (`show_loading`, `set_counting`, `show_figures`,
`set_exporting`, `show_progress`, `show_message`, `clear`). The page holds
aggregate figures only, never a case; `clear` (at lock and wipe) drops them, resets the filters
and closes its dialogs.

Signals:
- back_requested(): the Back button or Esc
- filters_changed(): the filters or the unit changed; read `filters.case_filter()` / `unit()`
- csv_export_requested(str, str): a folder and the tables' language, confirmed
- pdf_export_requested(str, str): a file path and the report's language, confirmed
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from intake.dashboard_figures import DashboardFigures
from intake.i18n import current_language
from ui.file_dialogs import file_dialog
from ui.statistics_dialogs import CSV, PDF, ExcludedDialog, ExportConfirmation
from ui.statistics_filters import StatisticsFilters
from ui.statistics_tabs import FigureTabs


class StatisticsPage(QWidget):
    back_requested = Signal()
    filters_changed = Signal()
    csv_export_requested = Signal(str, str)
    pdf_export_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statisticsPage")
        self.file_dialog: QFileDialog | None = None  # the last one opened (tests look at it)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.back_requested)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.csv_button = QPushButton()
        self.csv_button.clicked.connect(lambda: self._choose_destination(CSV))
        self.pdf_button = QPushButton()
        self.pdf_button.clicked.connect(lambda: self._choose_destination(PDF))
        self.panic_button = QToolButton()
        self.panic_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.panic_button.hide()  # until the shell hands over the action
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setFrameShape(QFrame.Shape.StyledPanel)
        self.warning.setMargin(6)
        self.filters = StatisticsFilters()
        self.filters.changed.connect(self.filters_changed)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.excluded_button = QPushButton()
        self.excluded_button.clicked.connect(self.excluded_dialog_open)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.tabs = FigureTabs()
        self.excluded_dialog = ExcludedDialog(self)
        self.confirmation = ExportConfirmation(self)
        self.confirmation.accepted.connect(self._confirmed)
        self._figures: DashboardFigures | None = None
        self._busy = True  # nothing to show or export until the controller says so
        self._exporting = False
        self._destination = (CSV, "")
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self).activated.connect(self.back_requested)
        self._build_layout()
        self._enable()
        self.retranslate()

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        for widget in (self.back_button, self.title):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.progress)
        bar.addWidget(self.status, 1)
        for widget in (self.csv_button, self.pdf_button):
            bar.addWidget(widget)
        bar.addSpacing(24)
        bar.addWidget(self.panic_button)
        summary = QHBoxLayout()
        summary.addWidget(self.summary, 1)
        summary.addWidget(self.excluded_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.warning)
        layout.addWidget(self.filters)
        layout.addLayout(summary)
        layout.addWidget(self.tabs, 1)
        chain = (
            self.back_button,
            self.filters.from_check,
            self.filters.date_from,
            self.filters.to_check,
            self.filters.date_to,
            self.filters.district,
            self.filters.group,
            self.filters.source,
            self.filters.unit_combo,
            self.filters.reset_button,
            self.excluded_button,
            self.tabs,
            self.csv_button,
            self.pdf_button,
            self.panic_button,
        )
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

    def retranslate(self) -> None:
        self.back_button.setText(self.tr("← Cases"))
        self.back_button.setToolTip(self.tr("Back to the case list (Esc)"))
        self.title.setText(self.tr("Statistics"))
        self.csv_button.setText(self.tr("Export CSV tables…"))
        self.csv_button.setToolTip(
            self.tr("Publication-safe tables (small counts suppressed), not encrypted")
        )
        self.pdf_button.setText(self.tr("Export PDF report…"))
        self.pdf_button.setToolTip(
            self.tr("A publication-safe report (small counts suppressed), not encrypted")
        )
        self.warning.setText(
            "⚠ <b>"
            + self.tr("Not a representative sample:")
            + "</b> "
            + self.tr(
                "these are only the cases documented by the network, so they show what was reported, "
                "not how often it happens. A case can fall under several categories, so bars can add "
                "up to more than the total."
            )
        )
        self.warning.setAccessibleName(self.tr("How to read these figures"))
        self.excluded_button.setText(self.tr("Show excluded…"))
        self._show_summary()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_panic_action(self, action: QAction) -> None:
        self.panic_button.setDefaultAction(action)
        font = self.panic_button.font()
        font.setBold(True)
        self.panic_button.setFont(font)
        self.panic_button.show()

    # -- shown by the controller ---------------------------------------------------------------

    def show_loading(self) -> None:
        self.tabs.clear_figures()
        self._figures = None
        self._busy = True
        self.status.setText(self.tr("Reading the cases…"))
        self._show_busy(True)
        self._show_summary()

    def set_counting(self, counting: bool) -> None:
        self._busy = counting
        self.status.setText(self.tr("Counting…") if counting else "")
        self._show_busy(counting)

    def show_figures(self, figures: DashboardFigures) -> None:
        self._figures = figures
        self.tabs.show_figures(figures)
        self._show_summary()
        if self.excluded_dialog.isVisible():
            self.excluded_dialog.show_excluded(figures.excluded)

    def set_exporting(self, exporting: bool) -> None:
        self._exporting = exporting
        if exporting:
            self.status.setText(self.tr("Writing…"))
        self._show_busy(exporting)

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def show_message(self, text: str) -> None:
        self.status.setText(text)

    def figures(self) -> DashboardFigures | None:
        """What the page shows (None while reading, and after `clear`)."""
        return self._figures

    def clear(self) -> None:
        """At lock and wipe: every figure, filter, dialog and message goes."""
        for dialog in (self.excluded_dialog, self.confirmation):
            dialog.done(QDialog.DialogCode.Rejected)
        if self.file_dialog is not None:
            self.file_dialog.reject()  # its finished signal deletes it
            self.file_dialog = None
        self.excluded_dialog.forget()
        self.tabs.clear_figures()
        self._figures = None
        self.filters.reset()
        self._busy, self._exporting = True, False
        self.status.setText("")
        self._show_busy(False)
        self._show_summary()

    # -- reactions -----------------------------------------------------------------------------

    def excluded_dialog_open(self) -> None:
        if self._figures is not None:
            self.excluded_dialog.show_excluded(self._figures.excluded)
            self.excluded_dialog.open()

    def _choose_destination(self, kind: str) -> None:
        if kind == CSV:
            dialog = file_dialog(
                self, title=self.tr("Choose an empty folder for the tables"), name_filters=[]
            )
            dialog.setFileMode(QFileDialog.FileMode.Directory)
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        else:
            dialog = file_dialog(
                self,
                title=self.tr("Save the report as"),
                name_filters=[self.tr("PDF files (*.pdf)")],
                save=True,
            )
            dialog.setDefaultSuffix("pdf")
        dialog.fileSelected.connect(lambda path: self._confirm(kind, path))
        self.file_dialog = dialog
        dialog.open()

    def _confirm(self, kind: str, path: str) -> None:
        self.file_dialog = None
        if self._figures is None or self._busy or self._exporting:
            return  # locked or recounting meanwhile: the figures the user saw are gone
        self._destination = (kind, path)
        self.confirmation.ask(kind, path, self._figures.cases, current_language())

    def _confirmed(self) -> None:
        kind, path = self._destination
        signal = self.csv_export_requested if kind == CSV else self.pdf_export_requested
        signal.emit(path, self.confirmation.language())

    # -- helpers -------------------------------------------------------------------------------

    def _show_busy(self, busy: bool) -> None:
        if busy:
            self.progress.setRange(0, 0)
        self.progress.setVisible(busy)
        self._enable()

    def _enable(self) -> None:
        ready = self._figures is not None and not self._exporting
        self.csv_button.setEnabled(ready and not self._busy)
        self.pdf_button.setEnabled(ready and not self._busy)
        self.excluded_button.setEnabled(self._figures is not None)
        self.filters.setEnabled(self._figures is not None)

    def _show_summary(self) -> None:
        figures = self._figures
        if figures is None:
            self.summary.setText("")
            return
        text = self.tr("%n case(s) counted with these filters.", "", figures.cases)
        units = figures.by_group_and_year.total
        if figures.unit == "victims":
            text += " " + self.tr("%n victim(s) in them.", "", units)
        elif figures.unit == "acts":
            text += " " + self.tr("%n act(s) against victims in them.", "", units)
        text += " " + self.tr(
            "%n case(s) left out (not sealed, or no consent to anonymous statistics).",
            "",
            len(figures.excluded),
        )
        self.summary.setText(text)
        self._enable()
