"""The case list after unlock: search, filters, sort, open and create, and nothing left behind
after lock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from crypto.kdf import MINIMUM
from intake.case_queries import CaseFilter
from intake.case_store import CaseStore
from intake.vault import create_vault
from intake.vault_settings import Role
from intake.vocabulary import default_vocabularies
from tests.qt_support import type_text, visible_texts
from tests.support import PASSPHRASE, case_doc
from ui.app import AppShell
from ui.case_list_page import CaseListPage
from ui.language import LanguageSwitcher

MARKER = "МАРКЕР-7c1d"


@pytest.fixture
def shell(qtbot: QtBot, tmp_path: Path, language: LanguageSwitcher) -> AppShell:
    root = tmp_path / "vault"
    with create_vault(root, PASSPHRASE, Role.COORDINATOR, params=MINIMUM) as vault:
        ids = vault.store.create_cases([case_doc(f"Дело {n:02d}", "обычный текст") for n in range(11)])
        vault.store.create_case(
            case_doc(f"Особое дело {MARKER}", f"нарратив {MARKER}", violations=["PHY.ASLT"])
        )
        for case_id in ids[:4]:
            vault.store.seal(case_id)
    app_shell = AppShell(root, language, kdf_params=MINIMUM)
    qtbot.addWidget(app_shell)
    app_shell.show()
    with qtbot.waitSignal(app_shell.session.unlocked, timeout=30_000):
        app_shell.session.unlock(PASSPHRASE)
    return app_shell


def _cell_texts(model: QAbstractItemModel) -> list[str]:
    return [
        str(model.data(model.index(row, column)) or "")
        for row in range(model.rowCount())
        for column in range(model.columnCount())
    ]


def test_list_search_filter_and_sort(qtbot: QtBot, shell: AppShell) -> None:
    page = shell.unlocked_view
    model = page.model
    assert shell.currentWidget() is page
    assert model.rowCount() == 12
    assert any(MARKER in text for text in _cell_texts(model))
    type_text(page.search, "маркер")
    assert model.rowCount() == 1
    assert MARKER in str(model.data(model.index(0, 0)))
    assert "Physical assault" in str(model.data(model.index(0, 3)))
    page.search.clear()
    assert model.rowCount() == 12
    page.status.setCurrentIndex(2)  # sealed
    assert model.rowCount() == 4
    assert {model.data(model.index(r, 4)) for r in range(4)} == {"sealed"}
    page.status.setCurrentIndex(0)
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    titles = [str(model.data(model.index(r, 0))) for r in range(model.rowCount())]
    assert titles == sorted(titles)


def test_after_lock_no_widget_or_model_holds_case_text(qtbot: QtBot, shell: AppShell) -> None:
    page = shell.unlocked_view
    type_text(page.search, MARKER.lower())
    assert page.model.rowCount() == 1
    with qtbot.waitSignal(shell.session.locked):
        page.lock_button.click()
    assert shell.currentWidget() is shell.unlock_screen
    leftovers = []
    for widget in [shell, *shell.findChildren(QWidget)]:
        texts = [widget.windowTitle(), widget.toolTip(), widget.accessibleName()]
        if isinstance(widget, QLineEdit | QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        leftovers += [(type(widget).__name__, t) for t in texts if MARKER.lower() in t.lower()]
    for model in shell.findChildren(QAbstractItemModel):
        leftovers += [(type(model).__name__, t) for t in _cell_texts(model) if MARKER.lower() in t.lower()]
    assert leftovers == []
    assert page.model.rowCount() == 0


def test_list_speaks_russian_with_plural_forms(
    qtbot: QtBot, shell: AppShell, language: LanguageSwitcher
) -> None:
    page = shell.unlocked_view
    language.apply("ru")
    qtbot.waitUntil(lambda: page.count.text() == "12 дел")
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Название"
    page.status.setCurrentIndex(2)
    assert page.count.text() == "4 дела"
    type_text(page.search, "маркер")
    assert page.count.text() == "1 дело"
    assert page.model.data(page.model.index(0, 3)) == "Нападение, побои"


def test_idle_vault_locks_itself_and_input_postpones_it(qtbot: QtBot, shell: AppShell) -> None:
    idle = shell.idle_lock
    assert idle.is_armed()
    assert idle.timeout_ms() == 5 * 60_000  # the default
    idle.set_timeout_ms(400)
    # Typing keeps it unlocked: each key restarts the timer.
    for _ in range(6):
        qtbot.waitUntil(lambda: idle._timer.remainingTime() < 250)
        type_text(shell.unlocked_view.search, "x")
        assert shell.session.vault is not None
    with qtbot.waitSignal(shell.session.locked, timeout=5_000):
        pass
    assert shell.currentWidget() is shell.unlock_screen
    assert shell.unlocked_view.model.rowCount() == 0
    assert not idle.is_armed()


# -- filters, open and create, on a small hand-made vault ------------------------------------------

# Title -> (violations, federal subject, occurred, sealed). Subjects: RU-MOS, RU-VOR and RU-BEL are
# in the Central district (CFD), RU-SPE in the Northwestern (NWFD).
CASES: dict[str, tuple[list[str], str | None, dict[str, str] | None, bool]] = {
    "Alpha": (["PHY.ASLT"], "RU-MOS", {"date": "2024-03-15", "precision": "exact"}, False),
    "Beta": (["THR.THREAT"], "RU-SPE", {"date": "2023", "precision": "year"}, True),
    "Gamma": (["PHY.KILL", "THR.OUT"], "RU-VOR", {"date": "2025-06", "precision": "month"}, False),
    "Delta": ([], None, None, False),
    "Epsilon": (["DISC.EMP"], "RU-BEL", {"date": "2024-11-02", "precision": "exact"}, True),
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CaseStore]:
    with create_vault(tmp_path / "vault", PASSPHRASE, Role.COORDINATOR, params=MINIMUM) as vault:
        for title, (violations, subject, occurred, sealed) in CASES.items():
            extra: dict[str, Any] = {"violations": violations, "occurred": occurred}
            if subject is not None:
                extra["location"] = {"subject": subject}
            record = vault.store.create_case(case_doc(title, "текст", **extra))
            if sealed:
                vault.store.seal(record.case_id)
        yield vault.store


@pytest.fixture
def page(qtbot: QtBot, store: CaseStore, language: LanguageSwitcher) -> CaseListPage:
    language.apply("en")
    widget = CaseListPage()
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    widget.attach(store)
    return widget


def _titles(page: CaseListPage) -> set[str]:
    model = page.model
    return {str(model.data(model.index(row, 0))) for row in range(model.rowCount())}


def _choose(combo: QComboBox, code: str | None) -> None:
    index = combo.findData(code)
    assert index >= 0, code
    combo.setCurrentIndex(index)


def _type_date(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.setFocus()
    type_text(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)  # finishing the field is when a problem shows


def test_each_filter_narrows_the_list(qtbot: QtBot, page: CaseListPage) -> None:
    filters = page.filters
    assert _titles(page) == set(CASES)
    _choose(filters.violation, "physical")  # a whole group
    assert _titles(page) == {"Alpha", "Gamma"}
    assert page.model.case_filter.violation_group_codes == ("physical",)
    _choose(filters.violation, "PHY.KILL")  # one violation in it
    assert _titles(page) == {"Gamma"}
    _choose(filters.violation, None)
    _choose(filters.district, "CFD")
    assert _titles(page) == {"Alpha", "Gamma", "Epsilon"}
    _choose(filters.subject, "RU-MOS")
    assert _titles(page) == {"Alpha"}
    assert (page.model.case_filter.district, page.model.case_filter.subject) == ("CFD", "RU-MOS")
    _choose(filters.district, None)
    _choose(filters.status, "sealed")
    assert _titles(page) == {"Beta", "Epsilon"}
    _choose(filters.status, None)
    # Dates overlap: a case dated "2023" is in a range that touches 2023.
    _type_date(qtbot, filters.occurred_from, "2024")
    assert _titles(page) == {"Alpha", "Gamma", "Epsilon"}
    _type_date(qtbot, filters.occurred_to, "2024-06")
    assert _titles(page) == {"Alpha"}
    assert page.model.case_filter.occurred_from == "2024-01-01"
    assert page.model.case_filter.occurred_to == "2024-06-30"
    filters.occurred_to.setText("")
    # Together: physical violence in the Central district since 2025.
    _choose(filters.violation, "physical")
    _choose(filters.district, "CFD")
    filters.occurred_from.setText("2025")
    assert _titles(page) == {"Gamma"}
    assert page.count.text() == "1 case"
    _choose(filters.district, "NWFD")
    assert _titles(page) == set()
    assert page.count.text() == "0 cases"


def test_violation_list_offers_each_group_then_its_violations(page: CaseListPage) -> None:
    vocab = default_vocabularies()
    combo = page.filters.violation
    codes = [combo.itemData(i) for i in range(combo.count())]
    expected: list[str | None] = [None]
    for group in vocab.groups("violation"):
        expected += [group, *(t.code for t in vocab.terms("violation") if t.group == group)]
    assert codes == expected
    assert combo.itemText(0) == "All categories"
    assert combo.itemText(1) == "Physical violence — all"
    assert combo.itemText(2).strip() == "Killing or attempted killing"
    assert combo.itemText(2) != combo.itemText(2).lstrip()  # indented under its group


def test_subject_choice_follows_the_district(page: CaseListPage) -> None:
    vocab = default_vocabularies()
    district, subject = page.filters.district, page.filters.subject
    assert district.currentText() == "All regions"
    assert not subject.isEnabled()
    assert subject.count() == 1
    _choose(district, "NWFD")
    assert subject.isEnabled()
    assert [subject.itemData(i) for i in range(1, subject.count())] == [
        t.code for t in vocab.subjects("NWFD")
    ]
    assert subject.currentText() == "Whole district"
    _choose(subject, "RU-SPE")
    assert subject.currentText() == "Saint Petersburg"
    assert _titles(page) == {"Beta"}
    _choose(district, "CFD")
    assert subject.currentIndex() == 0  # a subject of another district no longer applies
    assert subject.findData("RU-SPE") == -1
    assert subject.findData("RU-MOS") > 0
    assert page.model.case_filter.subject is None
    assert _titles(page) == {"Alpha", "Gamma", "Epsilon"}
    _choose(district, None)
    assert not subject.isEnabled()
    assert _titles(page) == set(CASES)


@pytest.mark.parametrize(
    "bad", ["2024-13", "2024-02-30", "24", "12.03.2024", "２０２４", "0000", "abc%'\"; --"]
)
def test_a_date_that_does_not_parse_shows_a_message_and_filters_nothing(
    qtbot: QtBot, page: CaseListPage, bad: str
) -> None:
    filters = page.filters
    _type_date(qtbot, filters.occurred_to, "2024")
    assert _titles(page) == {"Alpha", "Beta", "Epsilon"}
    filters.occurred_from.setFocus()
    type_text(filters.occurred_from, bad)
    assert filters.date_message.isHidden()  # not while typing ...
    qtbot.keyClick(filters.occurred_from, Qt.Key.Key_Return)
    assert not filters.date_message.isHidden()  # ... but once the field is finished
    assert filters.date_message.text() == "Not a date"
    assert page.model.case_filter.occurred_from is None
    assert page.model.case_filter.occurred_to == "2024-12-31"  # the other bound still applies
    assert _titles(page) == {"Alpha", "Beta", "Epsilon"}
    filters.occurred_from.setText("2024-03")  # fixed: the message goes at once
    assert filters.date_message.isHidden()
    assert _titles(page) == {"Alpha", "Epsilon"}


def test_a_range_that_ends_before_it_starts_is_reported_not_applied(qtbot: QtBot, page: CaseListPage) -> None:
    filters = page.filters
    _type_date(qtbot, filters.occurred_from, "2025")
    _type_date(qtbot, filters.occurred_to, "2023-12")
    assert filters.date_message.text() == "Ends before it starts"
    assert (page.model.case_filter.occurred_from, page.model.case_filter.occurred_to) == (None, None)
    assert _titles(page) == set(CASES)


def test_clear_filters_resets_every_filter(qtbot: QtBot, page: CaseListPage) -> None:
    filters = page.filters
    assert not filters.clear_button.isEnabled()
    _choose(filters.status, "draft")
    _choose(filters.violation, "threats")
    _choose(filters.district, "CFD")
    _choose(filters.subject, "RU-VOR")
    _type_date(qtbot, filters.occurred_from, "2025")
    _type_date(qtbot, filters.occurred_to, "nonsense")
    assert _titles(page) == {"Gamma"}
    assert filters.clear_button.isEnabled()
    qtbot.mouseClick(filters.clear_button, Qt.MouseButton.LeftButton)
    combos = (filters.status, filters.violation, filters.district, filters.subject)
    assert [combo.currentIndex() for combo in combos] == [0, 0, 0, 0]
    for field in (filters.occurred_from, filters.occurred_to):
        assert field.text() == ""
        assert not field.isUndoAvailable()
    assert filters.date_message.isHidden()
    assert page.model.case_filter == CaseFilter()
    assert _titles(page) == set(CASES)
    assert not filters.clear_button.isEnabled()
    assert not filters.subject.isEnabled()


def test_search_turns_the_filters_off_and_says_so(qtbot: QtBot, page: CaseListPage) -> None:
    filters = page.filters
    _choose(filters.status, "sealed")
    assert _titles(page) == {"Beta", "Epsilon"}
    type_text(page.search, "текст")  # every case's narrative
    assert _titles(page) == set(CASES)
    assert not filters.status.isEnabled()
    assert not filters.violation.isEnabled()
    assert "search" in filters.status.toolTip()
    assert not page.search_note.isHidden()
    page.search.setText("")
    assert filters.status.isEnabled()
    assert filters.status.toolTip() == ""
    assert page.search_note.isHidden()
    assert _titles(page) == {"Beta", "Epsilon"}  # the selection was kept


def test_language_switch_keeps_the_filters_and_relabels_them(
    qtbot: QtBot, page: CaseListPage, language: LanguageSwitcher
) -> None:
    filters = page.filters
    _choose(filters.violation, "physical")
    _choose(filters.district, "CFD")
    _choose(filters.subject, "RU-MOS")
    _type_date(qtbot, filters.occurred_to, "2024-99")
    before = page.model.case_filter
    assert _titles(page) == {"Alpha"}
    language.apply("ru")
    qtbot.waitUntil(lambda: filters.violation.currentText() == "Физическое насилие — все")
    assert filters.district.currentText() == "Центральный федеральный округ"
    assert filters.subject.currentText() == "Московская область"
    assert filters.subject.itemText(0) == "Весь округ"
    assert filters.date_message.text() == "Не дата"
    assert filters.clear_button.text() == "Сбросить фильтры"
    assert [
        filters.violation.currentData(),
        filters.district.currentData(),
        filters.subject.currentData(),
    ] == [
        "physical",
        "CFD",
        "RU-MOS",
    ]
    assert page.model.case_filter == before
    assert _titles(page) == {"Alpha"}
    assert page.count.text() == "1 дело"
    language.apply("en")
    qtbot.waitUntil(lambda: filters.violation.currentText() == "Physical violence — all")
    assert filters.subject.currentText() == "Moscow Oblast"
    assert page.count.text() == "1 case"


def test_activating_a_row_opens_its_case(qtbot: QtBot, page: CaseListPage) -> None:
    table, model = page.table, page.model
    rect = table.visualRect(model.index(1, 0))
    # A real double-click is a press and release, then a double-click event and a release.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(page.case_activated) as opened:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [model.case_id_at(1)]
    table.setFocus()
    table.setCurrentIndex(model.index(3, 0))
    with qtbot.waitSignal(page.case_activated) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened.args == [model.case_id_at(3)]
    assert model.case_id_at(model.rowCount()) is None


def test_new_case_button_asks_for_a_new_case(qtbot: QtBot, page: CaseListPage) -> None:
    assert "Ctrl+N" in page.new_button.toolTip()
    with qtbot.waitSignal(page.new_case_requested):
        qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)


def test_refresh_keeps_filters_sort_and_the_current_case(
    qtbot: QtBot, page: CaseListPage, store: CaseStore
) -> None:
    _choose(page.filters.district, "CFD")
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    page.table.setCurrentIndex(page.model.index(1, 0))
    current = page.model.case_id_at(1)
    store.create_case(case_doc("Aardvark", "", location={"subject": "RU-TUL"}))
    store.create_case(case_doc("Zeta", "", location={"subject": "RU-SPE"}))
    page.refresh()
    titles = [str(page.model.data(page.model.index(row, 0))) for row in range(page.model.rowCount())]
    assert titles == ["Aardvark", "Alpha", "Epsilon", "Gamma"]
    assert page.model.case_id_at(page.table.currentIndex().row()) == current


def _click_header(qtbot: QtBot, page: CaseListPage, column: int) -> None:
    header = page.table.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(column) + 5, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_sort_arrow_always_shows_the_real_order(qtbot: QtBot, page: CaseListPage) -> None:
    header = page.table.horizontalHeader()
    newest_first = [page.model.case_id_at(row) for row in range(page.model.rowCount())]
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (5, Qt.SortOrder.DescendingOrder)
    for unsortable in (2, 3, 4):  # region, categories, status: the store cannot sort by them
        _click_header(qtbot, page, unsortable)
        assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
            5,
            Qt.SortOrder.DescendingOrder,
        )
    assert [page.model.case_id_at(row) for row in range(page.model.rowCount())] == newest_first
    _click_header(qtbot, page, 0)
    assert header.sortIndicatorSection() == 0
    titles = [str(page.model.data(page.model.index(row, 0))) for row in range(page.model.rowCount())]
    assert titles == sorted(CASES)
    # A search lists newest first: no arrow, and a click does not pretend otherwise.
    type_text(page.search, "текст")
    assert not header.isSortIndicatorShown()
    _click_header(qtbot, page, 1)
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == page.model.sort_indicator()
    page.search.setText("")
    assert header.isSortIndicatorShown()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (0, Qt.SortOrder.AscendingOrder)


def test_english_count_uses_english_plurals(page: CaseListPage) -> None:
    assert page.count.text() == "5 cases"
    _choose(page.filters.status, "sealed")
    assert page.count.text() == "2 cases"
    _choose(page.filters.district, "NWFD")
    assert page.count.text() == "1 case"


def test_lock_resets_every_filter_and_leaves_no_typed_text(qtbot: QtBot, shell: AppShell) -> None:
    page = shell.unlocked_view
    filters = page.filters
    _choose(filters.status, "draft")
    _choose(filters.violation, "PHY.ASLT")
    _choose(filters.district, "CFD")
    _choose(filters.subject, "RU-MOS")
    _type_date(qtbot, filters.occurred_from, MARKER)
    _type_date(qtbot, filters.occurred_to, "2030")
    assert not filters.date_message.isHidden()
    with qtbot.waitSignal(shell.session.locked):
        page.lock_button.click()
    leftovers = [(kind, text) for kind, text in visible_texts(page) if MARKER.lower() in text.lower()]
    assert leftovers == []
    assert ("QLineEdit", "<undo history>") not in visible_texts(page)
    combos = (filters.status, filters.violation, filters.district, filters.subject)
    assert [combo.currentIndex() for combo in combos] == [0, 0, 0, 0]
    assert filters.subject.count() == 1
    assert filters.date_message.isHidden()
    assert page.model.case_filter == CaseFilter()
    with qtbot.waitSignal(shell.session.unlocked, timeout=30_000):
        shell.session.unlock(PASSPHRASE)
    assert page.model.rowCount() == 12
