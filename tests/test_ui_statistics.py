"""The coordinator's statistics dashboard on a real vault (offscreen): who reaches it, that what it
draws is what the core counts, filters and units, the cases left out, lock and wipe, and the
exports."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCharts import QAbstractBarSeries, QBarCategoryAxis, QChartView
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from crypto.kdf import MINIMUM
from intake.dashboard_figures import DashboardFigures, dashboard_figures
from intake.errors import CancelledError
from intake.statistics import CaseFilter, Population, load_population
from intake.vault import create_vault
from intake.vault_settings import Role
from intake.vocabulary import default_vocabularies
from tests.qt_support import visible_texts
from tests.support import PASSPHRASE
from tests.ui_bundle_support import LONG_RUN_MS, unlocked_shell
from ui.app import AppShell
from ui.language import LanguageSwitcher
from ui.statistics_tasks import pdf_task

MARKER = "МАРКЕР-stats"  # in every title and pseudonym: it must never reach the dashboard


def _case(
    title: str,
    *,
    occurred: str,
    subject: str,
    violations: list[str],
    victims: int = 1,
    acts: list[tuple[int, str]] = (),  # type: ignore[assignment]
    perpetrators: list[str] = (),  # type: ignore[assignment]
    bias: list[str] = (),  # type: ignore[assignment]
    police: str | None = None,
    sources: list[str] = (),  # type: ignore[assignment]
    followups: list[tuple[str, str]] = (),  # type: ignore[assignment]
    consent: str | None = "granted",
) -> dict[str, Any]:
    persons = [
        {"id": str(uuid.uuid4()), "pseudonym": f"{MARKER} {title} {n}", "role": "victim"}
        for n in range(victims)
    ]
    doc: dict[str, Any] = {
        "title": f"{MARKER} {title}",
        "occurred": {"date": occurred, "precision": "exact" if len(occurred) == 10 else "year"},
        "location": {"subject": subject},
        "violations": violations,
        "bias_motivations": list(bias),
        "persons": persons,
        "acts": [{"victim": persons[v]["id"], "type": t} for v, t in acts],
        "perpetrators": [{"type": p} for p in perpetrators],
        "sources": [{"type": s, "connection": "first_hand", "reliability": "R2"} for s in sources],
        "followups": [{"need": need, "status": status} for need, status in followups],
    }
    if police is not None:
        doc["police_stage"] = police
    if consent is not None:
        # Every victim's own answer (decision 0016).
        doc["consent"] = [
            {"person": person["id"], "scope": "C2.STATS", "status": consent, "date": "2025-01-01"}
            for person in persons
            if person.get("role", "victim") == "victim"
        ]
    return doc


# Counted by hand: four cases count (A, B in the Central district, C in the North-West, D in the
# South), E and F are left out for their consent, and G is a draft.
COUNTED = [
    _case(
        "A",
        occurred="2025-03-10",
        subject="RU-MOW",
        violations=["PHY.ASLT", "THR.THREAT"],
        victims=2,
        acts=[(0, "PHY.ASLT"), (0, "THR.THREAT"), (1, "PHY.ASLT")],
        perpetrators=["ST.POL", "NS.FAM"],
        bias=["B.SO"],
        police="PS.REFUSED",
        sources=["SRC.VICT"],
        followups=[("N.LEGAL", "done"), ("N.PSY", "open")],
    ),
    _case(
        "B",
        occurred="2025-06-01",
        subject="RU-MOS",
        violations=["PHY.ASLT"],
        acts=[(0, "PHY.ASLT")],
        perpetrators=["ST.POL"],
        bias=["B.GI"],
        police="PS.CASE_OPENED",
        sources=["SRC.WIT"],
        followups=[("N.LEGAL", "in_progress")],
    ),
    _case("C", occurred="2024", subject="RU-SPE", violations=["EXT.ADM"], sources=["SRC.VICT"]),
    _case(
        "D",
        occurred="2024-11-20",
        subject="RU-KDA",
        violations=["PRG.ADM"],
        acts=[(0, "PRG.ADM")],
        perpetrators=["ST.JUD"],
        police="PS.NOT_REPORTED",
        followups=[("N.LEGAL", "done")],
    ),
]
LEFT_OUT = [
    _case("E", occurred="2025-01-05", subject="RU-MOW", violations=["PHY.KILL"], consent="refused"),
    _case("F", occurred="2025-01-06", subject="RU-MOW", violations=["PHY.KILL"], consent=None),
]


@pytest.fixture
def coordinator(tmp_path: Path) -> tuple[Path, Population, dict[str, str]]:
    """A coordinator's vault with the fixture; its population as the core reads it, and the
    reason each left-out case should show."""
    root = tmp_path / "coordinator"
    reasons = {}
    with create_vault(root, PASSPHRASE, Role.COORDINATOR, params=MINIMUM) as vault:
        for doc in COUNTED + LEFT_OUT:
            record = vault.store.create_case(doc)
            vault.store.seal(record.case_id)
            if doc in LEFT_OUT:
                reasons[record.case_id] = "refused or withdrawn" if doc.get("consent") else "No consent"
        draft = vault.store.create_case(_case("G", occurred="2025", subject="RU-MOW", violations=[]))
        reasons[draft.case_id] = "draft"
        population = load_population(vault.connection)
    return root, population, reasons


def _open_dashboard(qtbot: QtBot, shell: AppShell) -> None:
    shell.unlocked_view.statistics_button.click()
    assert shell.currentWidget() is shell.statistics_page
    _wait_for_figures(qtbot, shell)


def _wait_for_figures(qtbot: QtBot, shell: AppShell) -> DashboardFigures:
    page = shell.statistics_page
    qtbot.waitUntil(
        lambda: page.figures() is not None and not shell.statistics.is_busy() and not shell.session.is_busy(),
        timeout=LONG_RUN_MS,
    )
    figures = page.figures()
    assert figures is not None
    return figures


def _drawn(view: QChartView) -> dict[str, dict[str, int]]:
    """What a chart draws: series name -> category -> value, read back from its bar sets."""
    chart = view.chart()
    axes = [axis for axis in chart.axes() if isinstance(axis, QBarCategoryAxis)]
    assert len(axes) == 1
    categories = axes[0].categories()
    drawn: dict[str, dict[str, int]] = {}
    for series in chart.series():
        assert isinstance(series, QAbstractBarSeries)
        for bar_set in series.barSets():
            values = {categories[i]: int(bar_set.at(i)) for i in range(bar_set.count())}
            drawn[bar_set.label()] = {k: v for k, v in values.items() if v}
    return drawn


def _only(view: QChartView) -> dict[str, int]:
    (values,) = _drawn(view).values()
    return values


def _expected(figures: DashboardFigures, name: str) -> dict[str, int]:
    """A one-way table of the core's, labelled as the dashboard labels it (English)."""
    from ui.statistics_tabs import label

    table = getattr(figures, name)
    return {label(table.by[0], key[0]): n for key, n in table.cells.items() if n}


def test_only_a_coordinator_sees_the_statistics(
    qtbot: QtBot, tmp_path: Path, language: LanguageSwitcher
) -> None:
    root = tmp_path / "field"
    create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    shell = unlocked_shell(qtbot, root, language)
    assert shell.unlocked_view.statistics_button.isHidden()
    shell.open_statistics()  # what Ctrl+Shift+S does
    assert shell.currentWidget() is shell.unlocked_view
    assert not shell.session.is_busy()  # nothing was read


def test_the_dashboard_draws_what_the_core_counts(
    qtbot: QtBot, coordinator: tuple[Path, Population, dict[str, str]], language: LanguageSwitcher
) -> None:
    root, population, _reasons = coordinator
    shell = unlocked_shell(qtbot, root, language)
    assert shell.unlocked_view.statistics_button.isVisibleTo(shell.unlocked_view)
    _open_dashboard(qtbot, shell)
    page = shell.statistics_page
    shown = page.figures()
    expected = dashboard_figures(population, CaseFilter(), "cases", default_vocabularies())
    assert shown == expected
    assert "4 cases counted" in page.summary.text()
    assert "3 cases left out" in page.summary.text()
    assert "Not a representative sample" in page.warning.text()
    assert "more than the total" in page.warning.text()

    charts = page.tabs.charts
    # By hand: two cases in the Central district, one in the North-West, one in the South; every
    # other district drawn at zero.
    assert _only(charts["by_district"]) == {
        "Central Federal District": 2,
        "Northwestern Federal District": 1,
        "Southern Federal District": 1,
    }
    assert len(_drawn_categories(charts["by_district"])) == len(default_vocabularies().districts())
    for name in ("by_district", "by_perpetrator_group", "by_perpetrator", "by_bias"):
        assert _only(charts[name]) == _expected(expected, name), name
    by_year = _drawn(charts["by_group_and_year"])
    assert by_year == {
        "Physical violence": {"2025": 2},
        "Threats and coercion": {"2025": 1},
        "'Extremism' prosecution": {"2024": 1},
        "'Propaganda' law": {"2024": 1},
    }
    # The funnel counts a case at every step up to the furthest: A (refused at registration)
    # was reported; B got a case opened; D was not reported; C records no stage.
    assert _only(charts["funnel"]) == {
        "Not reported to police": 1,
        "Reported": 2,
        "Registered": 1,
        "Case opened": 1,
    }
    assert "1 case with no police stage" in page.tabs.funnel_note.text()
    assert _drawn(charts["followups"]) == {
        "Done": {"Legal advice": 2},
        "In progress": {"Legal advice": 1},
        "Open": {"Psychological support": 1},
    }
    assert "Help delivered: 2 of 4" in page.tabs.followup_note.text()
    assert _drawn(charts["prosecutions"]) == {
        "Administrative case on 'extremist' symbols (КоАП 20.3)": {"2024": 1},
        "Administrative case on 'propaganda' (КоАП 6.21, 6.21.2)": {"2024": 1},
    }
    subjects = {name: (district, n) for name, district, n in page.tabs.subjects.rows()}
    assert subjects == {
        "Moscow": ("Central Federal District", 1),
        "Moscow Oblast": ("Central Federal District", 1),
        "Saint Petersburg": ("Northwestern Federal District", 1),
        "Krasnodar Krai": ("Southern Federal District", 1),
    }
    violations = {name: n for name, _group, n in page.tabs.violations.rows()}
    assert violations == _expected(expected, "by_violation")
    # Charts are named for screen readers, with their figures as text.
    assert charts["by_district"].accessibleName() == "Federal districts"
    assert "Central Federal District: 2" in charts["by_district"].accessibleDescription()
    assert not [text for _kind, text in visible_texts(shell) if MARKER in text]


def _drawn_categories(view: QChartView) -> list[str]:
    (axis,) = [axis for axis in view.chart().axes() if isinstance(axis, QBarCategoryAxis)]
    return list(axis.categories())


def test_filters_and_the_unit_change_the_figures(
    qtbot: QtBot, coordinator: tuple[Path, Population, dict[str, str]], language: LanguageSwitcher
) -> None:
    root, population, _reasons = coordinator
    vocab = default_vocabularies()
    shell = unlocked_shell(qtbot, root, language)
    _open_dashboard(qtbot, shell)
    page = shell.statistics_page
    filters = page.filters

    filters.district.setCurrentIndex(filters.district.findData("CFD"))
    assert shell.statistics.is_busy()  # counted off the GUI thread
    figures = _wait_for_figures(qtbot, shell)
    chosen = CaseFilter(districts=frozenset({"CFD"}))
    assert figures == dashboard_figures(population, chosen, "cases", vocab)
    assert "2 cases counted" in page.summary.text()
    assert _only(page.tabs.charts["by_district"]) == {"Central Federal District": 2}

    filters.unit_combo.setCurrentIndex(filters.unit_combo.findData("victims"))
    figures = _wait_for_figures(qtbot, shell)
    assert figures == dashboard_figures(population, chosen, "victims", vocab)
    assert "3 victims in them" in page.summary.text()
    assert "victim" in filters.unit_note.text()
    # By hand: A's two victims and B's one, all under physical violence; A's first also under threats.
    assert _drawn(page.tabs.charts["by_group_and_year"]) == {
        "Physical violence": {"2025": 3},
        "Threats and coercion": {"2025": 1},
    }

    # Two changes in a row: the second is counted when the first ends, and only it is shown.
    filters.district.setCurrentIndex(0)
    filters.from_check.setChecked(True)
    filters.date_from.setDate(QDate(2025, 1, 1))
    figures = _wait_for_figures(qtbot, shell)
    chosen = CaseFilter(date_from="2025-01-01")
    assert figures == dashboard_figures(population, chosen, "victims", vocab)
    assert figures.cases == 2

    filters.reset_button.click()
    figures = _wait_for_figures(qtbot, shell)
    assert figures == dashboard_figures(population, CaseFilter(), "cases", vocab)


def test_the_cases_left_out_show_their_reason_and_nothing_else(
    qtbot: QtBot, coordinator: tuple[Path, Population, dict[str, str]], language: LanguageSwitcher
) -> None:
    root, _population, reasons = coordinator
    shell = unlocked_shell(qtbot, root, language)
    _open_dashboard(qtbot, shell)
    page = shell.statistics_page
    page.excluded_button.click()
    dialog = page.excluded_dialog
    assert dialog.isVisible()
    rows = {}
    for index in range(dialog.cases.topLevelItemCount()):
        item = dialog.cases.topLevelItem(index)
        assert item is not None
        rows[item.toolTip(0)] = (item.text(0), item.text(1))
    assert set(rows) == set(reasons)
    for case_id, (short, reason) in rows.items():
        assert short == case_id[:8]
        assert reasons[case_id].lower() in reason.lower()
    assert "3 cases are left out" in dialog.summary.text()
    assert not [text for _kind, text in visible_texts(dialog) if MARKER in text]
    dialog.reject()
    assert dialog.cases.topLevelItemCount() == 0  # dropped when hidden


@pytest.mark.parametrize("how", ["lock", "wipe"])
def test_lock_and_wipe_drop_the_dashboard(
    qtbot: QtBot, coordinator: tuple[Path, Population, dict[str, str]], language: LanguageSwitcher, how: str
) -> None:
    root, _population, _reasons = coordinator
    shell = unlocked_shell(qtbot, root, language)
    _open_dashboard(qtbot, shell)
    page = shell.statistics_page
    page.excluded_button.click()
    signal = shell.session.locked if how == "lock" else shell.session.wiped
    with qtbot.waitSignal(signal, timeout=LONG_RUN_MS):
        shell.lock_now() if how == "lock" else shell.wipe_now()
    assert shell.currentWidget() is not page
    assert page.figures() is None
    assert shell.statistics._index is None
    assert not page.excluded_dialog.isVisible()
    assert page.summary.text() == ""
    assert all(not view.chart().series() for view in page.tabs.charts.values())
    assert page.tabs.subjects.topLevelItemCount() == 0
    assert not page.tabs.charts["by_district"].accessibleDescription()
    if how == "lock":
        with qtbot.waitSignal(shell.session.unlocked, timeout=LONG_RUN_MS):
            shell.session.unlock(PASSPHRASE)
        assert shell.currentWidget() is shell.unlocked_view  # the dashboard is opened afresh


def test_a_lock_while_reading_keeps_nothing(
    qtbot: QtBot, coordinator: tuple[Path, Population, dict[str, str]], language: LanguageSwitcher
) -> None:
    root, _population, _reasons = coordinator
    shell = unlocked_shell(qtbot, root, language)
    with qtbot.waitSignal(shell.session.locked, timeout=LONG_RUN_MS):
        shell.unlocked_view.statistics_button.click()  # the read starts; the lock waits for it
        shell.lock_now()
    assert shell.statistics._index is None
    assert shell.statistics_page.figures() is None
    qtbot.waitUntil(lambda: not shell.statistics.is_busy(), timeout=LONG_RUN_MS)
    assert shell.statistics_page.figures() is None


def _choose(page: Any, path: Path) -> None:
    dialog = page.file_dialog
    assert isinstance(dialog, QFileDialog)
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.selectFile(str(path))
    dialog.accept()


def test_csv_export_writes_the_tables_only_after_the_warning(
    qtbot: QtBot,
    coordinator: tuple[Path, Population, dict[str, str]],
    language: LanguageSwitcher,
    tmp_path: Path,
) -> None:
    root, _population, _reasons = coordinator
    out = tmp_path / "tables"
    out.mkdir()
    shell = unlocked_shell(qtbot, root, language)
    _open_dashboard(qtbot, shell)
    page = shell.statistics_page

    page.csv_button.click()
    _choose(page, out)
    confirmation = page.confirmation
    assert confirmation.isVisible()
    assert "NOT encrypted" in confirmation.warning.text()
    assert "<5" in confirmation.details.text()
    assert "4 cases counted" in confirmation.details.text()
    assert str(out) in confirmation.destination.text()
    assert list(out.iterdir()) == []  # nothing before the answer
    confirmation.reject()
    assert list(out.iterdir()) == []

    page.csv_button.click()
    _choose(page, out)
    confirmation.language_choice.setCurrentIndex(confirmation.language_choice.findData("en"))
    confirmation.write_button.click()
    qtbot.waitUntil(lambda: not shell.statistics.is_busy(), timeout=LONG_RUN_MS)
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 10
    assert "cases_by_district.csv" in written
    district_table = (out / "cases_by_district.csv").read_text(encoding="utf-8")
    assert "Central Federal District,<5" in district_table
    assert "10 tables written" in page.status.text()
    assert "NOT encrypted" in page.status.text()
    for path in out.iterdir():
        assert MARKER not in path.read_text(encoding="utf-8")

    # The same folder again: the core refuses to overwrite, and the page says why.
    page.csv_button.click()
    _choose(page, out)
    confirmation.write_button.click()
    qtbot.waitUntil(lambda: not shell.statistics.is_busy(), timeout=LONG_RUN_MS)
    assert "already exist" in page.status.text()


def test_pdf_export_writes_the_report_only_after_the_warning(
    qtbot: QtBot,
    coordinator: tuple[Path, Population, dict[str, str]],
    language: LanguageSwitcher,
    tmp_path: Path,
) -> None:
    root, _population, _reasons = coordinator
    shell = unlocked_shell(qtbot, root, language)
    _open_dashboard(qtbot, shell)
    page = shell.statistics_page
    target = tmp_path / "report.pdf"
    page.pdf_button.click()
    _choose(page, target)
    confirmation = page.confirmation
    assert confirmation.isVisible()
    assert "NOT encrypted" in confirmation.warning.text()
    assert "anonymised description" in confirmation.details.text()
    assert confirmation.language() == "en"  # the interface's, until the user picks another
    assert not target.exists()
    confirmation.language_choice.setCurrentIndex(confirmation.language_choice.findData("ru"))
    confirmation.write_button.click()
    qtbot.waitUntil(lambda: not shell.statistics.is_busy(), timeout=LONG_RUN_MS)
    assert target.read_bytes().startswith(b"%PDF")
    assert "Report written" in page.status.text()
    assert "NOT encrypted" in page.status.text()


def test_a_cancelled_pdf_export_leaves_no_file(tmp_path: Path, coordinator: Any) -> None:
    _root, population, _reasons = coordinator
    target = tmp_path / "report.pdf"
    stop = threading.Event()
    stop.set()  # as a lock, a quit or the wipe does while the report is being built
    task = pdf_task(population, CaseFilter(), path=target, language="en", cancel=stop)
    with pytest.raises(CancelledError):
        task(lambda _text: None)
    assert not target.exists()


def test_the_dashboard_speaks_russian(
    qtbot: QtBot, coordinator: tuple[Path, Population, dict[str, str]], language: LanguageSwitcher
) -> None:
    root, _population, _reasons = coordinator
    shell = unlocked_shell(qtbot, root, language)
    _open_dashboard(qtbot, shell)
    page = shell.statistics_page
    language.apply("ru")  # Qt delivers LanguageChange through the event loop
    qtbot.waitUntil(lambda: page.tabs.tabText(0) == "По годам")
    assert "Центральный федеральный округ" in _only(page.tabs.charts["by_district"])
    assert "репрезентативн" in page.warning.text()
    assert "учтено 4 дела" in page.summary.text()
