"""The dashboard's filters: when the case occurred (each bound optional), federal district,
violation group and source type, and the unit counted, with a line saying what that unit counts.

The bar holds codes, never labels: labels come from the vocabularies in the current language and
are re-read on LanguageChange. `case_filter()` and `unit()` are what the figures are counted with.

Signals:
- changed(): the filter or the unit changed (once per user action, never for a no-op)
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from intake.i18n import current_language
from intake.statistics import UNITS, CaseFilter
from intake.vocabulary import default_vocabularies

_ISO = "yyyy-MM-dd"
_COMBO_CHARACTERS = 14


class StatisticsFilters(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        vocab = default_vocabularies()
        self.from_check = QCheckBox()
        self.date_from = self._date_edit(QDate(QDate.currentDate().year(), 1, 1))
        self.to_check = QCheckBox()
        self.date_to = self._date_edit(QDate.currentDate())
        self.date_message = QLabel()
        self.district = self._combo([d.code for d in vocab.districts()])
        self.group = self._combo(list(vocab.groups("violation")))
        self.source = self._combo([t.code for t in vocab.terms("source_type")])
        self.unit_combo = self._combo(list(UNITS), everything=False)
        self.unit_note = QLabel()
        self.unit_note.setWordWrap(True)
        self.reset_button = QPushButton()
        self.reset_button.clicked.connect(self._reset_clicked)
        self._labels = [QLabel() for _ in range(4)]
        for label, buddy in zip(
            self._labels, (self.district, self.group, self.source, self.unit_combo), strict=True
        ):
            label.setBuddy(buddy)
        for check in (self.from_check, self.to_check):
            check.toggled.connect(self._dates_toggled)
        self._last = (CaseFilter(), UNITS[0])
        self._build_layout()
        self._dates_toggled()
        self.retranslate()

    def _build_layout(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        dates = QHBoxLayout()
        for widget in (self.from_check, self.date_from, self.to_check, self.date_to, self.date_message):
            dates.addWidget(widget)
        dates.addStretch(1)
        grid.addLayout(dates, 0, 0, 1, 6)
        for column, (label, combo) in enumerate(
            zip(self._labels[:3], (self.district, self.group, self.source), strict=True)
        ):
            grid.addWidget(label, 1, column * 2)
            grid.addWidget(combo, 1, column * 2 + 1)
            grid.setColumnStretch(column * 2 + 1, 1)
        unit_row = QHBoxLayout()
        unit_row.addWidget(self._labels[3])
        unit_row.addWidget(self.unit_combo)
        unit_row.addWidget(self.unit_note, 1)
        unit_row.addWidget(self.reset_button)
        grid.addLayout(unit_row, 2, 0, 1, 6)

    # -- what the bar describes ----------------------------------------------------------------

    def case_filter(self) -> CaseFilter:
        date_from, date_to, _problem = self._date_bounds()
        return CaseFilter(
            date_from=date_from,
            date_to=date_to,
            districts=_chosen(self.district),
            groups=_chosen(self.group),
            source_types=_chosen(self.source),
        )

    def unit(self) -> str:
        return str(self.unit_combo.currentData())

    def reset(self) -> None:
        """Everything back to "all", counted in cases, without signalling."""
        widgets = (self.from_check, self.to_check, self.district, self.group, self.source, self.unit_combo)
        for widget in widgets:
            widget.blockSignals(True)
        self.from_check.setChecked(False)
        self.to_check.setChecked(False)
        for combo in (self.district, self.group, self.source, self.unit_combo):
            combo.setCurrentIndex(0)
        for widget in widgets:
            widget.blockSignals(False)
        self._last = (CaseFilter(), UNITS[0])
        self._dates_toggled()

    # -- language ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        lang = current_language()
        vocab = default_vocabularies()
        groups = vocab.groups("violation")
        self.from_check.setText(self.tr("Occurred from"))
        self.to_check.setText(self.tr("to"))
        self.date_from.setAccessibleName(self.tr("Occurred from"))
        self.date_to.setAccessibleName(self.tr("Occurred to"))
        for label, text in zip(
            self._labels,
            (
                self.tr("Federal district"),
                self.tr("Violation group"),
                self.tr("Source type"),
                self.tr("Count"),
            ),
            strict=True,
        ):
            label.setText(text)
        self._relabel(self.district, self.tr("All districts"), lambda c: vocab.label("region", c, lang))
        self._relabel(
            self.group, self.tr("All groups"), lambda c: groups[c][1] if lang == "ru" else groups[c][0]
        )
        self._relabel(self.source, self.tr("All source types"), lambda c: vocab.label("source_type", c, lang))
        units = {"cases": self.tr("Cases"), "victims": self.tr("Victims"), "acts": self.tr("Acts")}
        for index in range(self.unit_combo.count()):
            self.unit_combo.setItemText(index, units[self.unit_combo.itemData(index)])
        self.source.setToolTip(self.tr("Cases with at least one source of this type"))
        self.reset_button.setText(self.tr("Reset filters"))
        self._show_unit_note()
        self._show_date_problem()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- reactions -----------------------------------------------------------------------------

    def _dates_toggled(self) -> None:
        self.date_from.setEnabled(self.from_check.isChecked())
        self.date_to.setEnabled(self.to_check.isChecked())
        self._emit_if_changed()

    def _reset_clicked(self) -> None:
        self.reset()
        self.changed.emit()

    def _emit_if_changed(self) -> None:
        self._show_unit_note()
        self._show_date_problem()
        current = (self.case_filter(), self.unit())
        if current != self._last:
            self._last = current
            self.changed.emit()

    def _show_unit_note(self) -> None:
        self.unit_note.setText(
            {
                "cases": self.tr("Each case counts once, however many people and acts it records."),
                "victims": self.tr(
                    "Each person recorded as a victim counts once, under the violations of the acts "
                    "against them (or the case's, if no act is recorded)."
                ),
                "acts": self.tr("Each act counts once: one victim and what was done to them."),
            }[self.unit()]
        )

    def _show_date_problem(self) -> None:
        self.date_message.setText(self._date_bounds()[2])

    # -- helpers -------------------------------------------------------------------------------

    def _date_bounds(self) -> tuple[str | None, str | None, str]:
        """(from, to, problem): a range that ends before it starts filters by no date."""
        first = self.date_from.date().toString(_ISO) if self.from_check.isChecked() else None
        final = self.date_to.date().toString(_ISO) if self.to_check.isChecked() else None
        if first is not None and final is not None and first > final:
            return None, None, self.tr("Ends before it starts: dates not applied")
        return first, final, ""

    def _date_edit(self, start: QDate) -> QDateEdit:
        edit = QDateEdit(start)
        edit.setDisplayFormat(_ISO)
        edit.setCalendarPopup(True)
        edit.dateChanged.connect(self._emit_if_changed)
        return edit

    def _combo(self, codes: list[str], *, everything: bool = True) -> QComboBox:
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(_COMBO_CHARACTERS if everything else 8)
        if everything:
            combo.addItem("", None)
        for code in codes:
            combo.addItem("", code)
        combo.currentIndexChanged.connect(self._emit_if_changed)
        return combo

    @staticmethod
    def _relabel(combo: QComboBox, everything: str, label: Callable[[str], str]) -> None:
        combo.setItemText(0, everything)
        for index in range(1, combo.count()):
            combo.setItemText(index, label(combo.itemData(index)))
        widest = max(combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
        combo.view().setMinimumWidth(widest + 48)


def _chosen(combo: QComboBox) -> frozenset[str]:
    code = combo.currentData()
    return frozenset({code}) if code else frozenset()
