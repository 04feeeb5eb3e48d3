"""The case list's filter bar: status, violation category, region and the date the case occurred.

The bar holds codes, never labels: labels come from the vocabularies in the current language and
are re-read on LanguageChange, so a selection survives a language switch. `case_filter()` is what
the model hands to the store.

Filters and search do not combine: the store's full-text search takes no filters, and filtering
its pages here would make the count and the paging lie. So while a search is typed the bar is
disabled (its tooltips say why) and keeps its selections for when the search is cleared.

Signals:
- changed(): the filter the bar describes changed (once per user action, never for a no-op)
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from intake.case_queries import CaseFilter, date_bound
from intake.errors import BadInputError
from intake.i18n import current_language
from intake.vocabulary import default_vocabularies

_STATUSES = (None, "draft", "sealed")
# Violations are listed under their group in one flat list, so either can be picked.
_INDENT = "\u2003"
# Long vocabulary labels must not stretch the closed combos; the open list shows them whole.
_COMBO_CHARACTERS = 12
_STATUS_CHARACTERS = 8
_POPUP_PADDING = 48
_DATE_FIELD_WIDTH = 95


class ListFilters(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._searching = False
        self._last = CaseFilter()
        vocab = default_vocabularies()
        self.status = self._combo([(status, False) for status in _STATUSES])
        self.status.setMinimumContentsLength(_STATUS_CHARACTERS)
        groups = vocab.groups("violation")
        violation_items: list[tuple[str | None, bool]] = [(None, False)]
        for group in groups:
            violation_items.append((group, True))
            violation_items += [(t.code, False) for t in vocab.terms("violation") if t.group == group]
        self.violation = self._combo(violation_items)
        self.district = self._combo([(None, False), *((t.code, False) for t in vocab.districts())])
        self.subject = self._combo([(None, False)])
        self.from_label = QLabel()
        self.occurred_from = self._date_field()
        self.to_label = QLabel()
        self.occurred_to = self._date_field()
        self.from_label.setBuddy(self.occurred_from)
        self.to_label.setBuddy(self.occurred_to)
        self.date_message = QLabel()
        self.date_message.hide()
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self._clear_clicked)

        self.district.currentIndexChanged.connect(self._district_changed)
        for combo in (self.status, self.violation, self.subject):
            combo.currentIndexChanged.connect(self._emit_if_changed)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.status)
        row.addWidget(self.violation, 2)
        row.addWidget(self.district, 1)
        row.addWidget(self.subject, 1)
        for widget in (self.from_label, self.occurred_from, self.to_label, self.occurred_to):
            row.addWidget(widget)
        row.addWidget(self.date_message)
        row.addWidget(self.clear_button)
        self._update_enabled()
        self.retranslate()

    # -- what the bar describes ----------------------------------------------------------------

    def case_filter(self) -> CaseFilter:
        violation = self.violation.currentData()
        occurred_from, occurred_to, _problem = self._date_bounds()
        return CaseFilter(
            status=self.status.currentData(),
            district=self.district.currentData(),
            subject=self.subject.currentData(),
            violation_group_codes=(violation,) if violation else None,
            occurred_from=occurred_from,
            occurred_to=occurred_to,
        )

    def is_active(self) -> bool:
        """Whether anything is chosen or typed, even a date that does not parse (yet)."""
        combos = (self.status, self.violation, self.district, self.subject)
        return any(c.currentIndex() > 0 for c in combos) or any(
            field.text() for field in (self.occurred_from, self.occurred_to)
        )

    def reset(self) -> None:
        """Every filter back to "all", without signalling; typed dates leave no undo history."""
        for widget in (self.status, self.violation, self.district, self.subject, *self._date_fields()):
            widget.blockSignals(True)
        for combo in (self.status, self.violation, self.district):
            combo.setCurrentIndex(0)
        self._fill_subjects()
        for field in self._date_fields():
            field.setText("")  # not clear(): that keeps the text in the undo history
        for widget in (self.status, self.violation, self.district, self.subject, *self._date_fields()):
            widget.blockSignals(False)
        self.date_message.setText("")
        self.date_message.hide()
        self._last = CaseFilter()
        self._update_enabled()

    def set_search_active(self, searching: bool) -> None:
        if searching != self._searching:
            self._searching = searching
            self._update_enabled()

    # -- language ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        lang = current_language()
        vocab = default_vocabularies()
        self._set_texts(self.status, [self.tr("All cases"), self.tr("Drafts"), self.tr("Sealed")])
        groups = vocab.groups("violation")
        self._relabel(
            self.violation, self.tr("All categories"), lambda code: self._violation_label(code, lang)
        )
        for index in range(1, self.violation.count()):
            code = self.violation.itemData(index)
            tip = self.tr("Every violation in this group") if code in groups else ""
            self.violation.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)
        self._relabel(self.district, self.tr("All regions"), lambda code: vocab.label("region", code, lang))
        self._relabel(self.subject, self._all_subjects(), lambda code: vocab.label("region", code, lang))
        self.status.setAccessibleName(self.tr("Show"))
        self.violation.setAccessibleName(self.tr("Violation category"))
        self.district.setAccessibleName(self.tr("Federal district"))
        self.subject.setAccessibleName(self.tr("Federal subject"))
        self.from_label.setText(self.tr("Occurred"))
        self.to_label.setText(self.tr("to"))
        for field in self._date_fields():
            field.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.occurred_from.setAccessibleName(self.tr("Occurred from"))
        self.occurred_to.setAccessibleName(self.tr("Occurred to"))
        self.clear_button.setText(self.tr("Clear filters"))
        self._set_tooltips()
        self._show_date_problem(reveal=False)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- reactions -----------------------------------------------------------------------------

    def _district_changed(self) -> None:
        self._fill_subjects()
        self._update_enabled()
        self._emit_if_changed()

    def _dates_edited(self) -> None:
        self._show_date_problem(reveal=False)
        self._emit_if_changed()

    def _clear_clicked(self) -> None:
        self.reset()
        self.changed.emit()

    def _emit_if_changed(self) -> None:
        self.clear_button.setEnabled(not self._searching and self.is_active())
        current = self.case_filter()
        if current != self._last:
            self._last = current
            self.changed.emit()

    def _show_date_problem(self, *, reveal: bool) -> None:
        """A problem appears once the user finishes the field (not at every key while typing a
        year) and disappears as soon as the text is fixed."""
        problem = self._date_bounds()[2]
        if not problem:
            self.date_message.setText("")
            self.date_message.setToolTip("")
            self.date_message.hide()
        elif reveal or not self.date_message.isHidden():
            self.date_message.setText(problem)
            self.date_message.setToolTip(self.tr("Write dates as YYYY, YYYY-MM or YYYY-MM-DD."))
            self.date_message.show()

    # -- helpers -------------------------------------------------------------------------------

    def _date_bounds(self) -> tuple[str | None, str | None, str]:
        """(from, to, problem): the bounds to filter by, as full ISO dates, and what is wrong with
        the typed text ("" if nothing). A date that does not parse filters nothing."""
        bounds: list[str | None] = []
        problem = ""
        for field, last in ((self.occurred_from, False), (self.occurred_to, True)):
            text = field.text().strip()
            try:
                bounds.append(date_bound(text, last=last) if text else None)
            except BadInputError:
                bounds.append(None)
                problem = self.tr("Not a date")
        first, final = bounds
        if first is not None and final is not None and first > final:
            return None, None, self.tr("Ends before it starts")
        return first, final, problem

    def _fill_subjects(self) -> None:
        district = self.district.currentData()
        self.subject.blockSignals(True)
        while self.subject.count() > 1:
            self.subject.removeItem(1)
        if district is not None:
            lang = current_language()
            for term in default_vocabularies().subjects(district):
                self.subject.addItem(term.label(lang), term.code)
        self.subject.setItemText(0, self._all_subjects())
        self.subject.setCurrentIndex(0)
        self.subject.blockSignals(False)
        self._fit_popup(self.subject)

    def _update_enabled(self) -> None:
        for widget in (self.status, self.violation, self.district, *self._date_fields()):
            widget.setEnabled(not self._searching)
        self.subject.setEnabled(not self._searching and self.district.currentIndex() > 0)
        self.clear_button.setEnabled(not self._searching and self.is_active())
        self._set_tooltips()

    def _set_tooltips(self) -> None:
        off = self.tr("Filters do not apply to a search. Clear the search box to filter the list.")
        dates = self.tr("A year, a month or a day: YYYY, YYYY-MM or YYYY-MM-DD")
        own: list[tuple[QWidget, str]] = [
            (self.status, ""),
            (self.violation, self.tr("A whole group, or one violation in it")),
            (self.district, ""),
            (
                self.subject,
                self.tr("Choose a federal district first") if self.district.currentIndex() == 0 else "",
            ),
            (self.occurred_from, dates),
            (self.occurred_to, dates),
            (self.clear_button, self.tr("Show every case again")),
        ]
        for widget, tip in own:
            widget.setToolTip(off if self._searching else tip)

    def _combo(self, items: list[tuple[str | None, bool]]) -> QComboBox:
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(_COMBO_CHARACTERS)
        for code, emphasised in items:
            combo.addItem("", code)
            if emphasised:
                font = combo.font()
                font.setBold(True)
                combo.setItemData(combo.count() - 1, font, Qt.ItemDataRole.FontRole)
        return combo

    def _date_field(self) -> QLineEdit:
        field = QLineEdit()
        field.setFixedWidth(_DATE_FIELD_WIDTH)
        field.textChanged.connect(self._dates_edited)
        field.editingFinished.connect(lambda: self._show_date_problem(reveal=True))
        return field

    def _date_fields(self) -> tuple[QLineEdit, QLineEdit]:
        return self.occurred_from, self.occurred_to

    def _all_subjects(self) -> str:
        return self.tr("Whole district") if self.district.currentIndex() > 0 else self.tr("All subjects")

    def _violation_label(self, code: str, lang: str) -> str:
        vocab = default_vocabularies()
        groups = vocab.groups("violation")
        if code in groups:
            english, russian = groups[code]
            return self.tr("{group} — all").format(group=russian if lang == "ru" else english)
        return _INDENT + vocab.label("violation", code, lang)

    def _relabel(self, combo: QComboBox, everything: str, label: Callable[[str], str]) -> None:
        self._set_texts(combo, [everything, *(label(combo.itemData(i)) for i in range(1, combo.count()))])

    def _set_texts(self, combo: QComboBox, texts: list[str]) -> None:
        for index, text in enumerate(texts):
            combo.setItemText(index, text)
        self._fit_popup(combo)

    @staticmethod
    def _fit_popup(combo: QComboBox) -> None:
        metrics = combo.fontMetrics()
        widest = max((metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0)
        combo.view().setMinimumWidth(widest + _POPUP_PADDING)
