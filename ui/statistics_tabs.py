"""The dashboard's figures, one tab per question: violations by year, violation types, regions,
perpetrators, bias motivation, the police, follow-up and prosecutions.

Values are labelled from the vocabularies in the interface's language ("not recorded" where a
case records none) and listed in the vocabulary's order, so they read as in published tables.
The tabs keep the last figures they were shown (aggregate counts only, no case) so that a
language switch can relabel them; `clear` drops them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from intake.dashboard_figures import HELP_DELIVERED, DashboardFigures
from intake.i18n import active_translation
from intake.report_labels import ReportLabels
from intake.statistics import UNKNOWN, Table, value_order
from intake.vocabulary import default_vocabularies
from ui.statistics_charts import NOT_RECORDED_COLOUR, PALETTE, Bars, ChartView, CountTable

# Follow-up statuses from delivered to not possible; the colours say the same at a glance.
_STATUSES = ("done", "in_progress", "open", "declined", "not_possible", UNKNOWN)
_STATUS_COLOURS = ("#117733", "#88CCEE", "#DDCC77", "#CC6677", "#882255", NOT_RECORDED_COLOUR)


def ordered(dimension: str, present: Iterable[str]) -> list[str]:
    return value_order(dimension, present, default_vocabularies())


def label(dimension: str, code: str) -> str:
    return ReportLabels(default_vocabularies(), active_translation()).value(dimension, code)


def _one_way(table: Table, everything: Iterable[str] = ()) -> tuple[list[str], list[int]]:
    counts = {key[0]: n for key, n in table.cells.items()}
    codes = ordered(table.by[0], [*counts, *everything])
    return codes, [counts.get(code, 0) for code in codes]


def _two_way(
    table: Table, statuses: Iterable[str] = ()
) -> tuple[list[str], list[str], Mapping[tuple[str, ...], int]]:
    rows = ordered(table.by[0], {key[0] for key in table.cells})
    columns = list(statuses) or ordered(table.by[1], {key[1] for key in table.cells})
    return rows, columns, table.cells


def _page(*charts: QWidget, note: QLabel | None = None, side_by_side: bool = False) -> QWidget:
    """The charts (and tables) one under the other or side by side, scrolling if they need more
    room than there is; a note stays in view below them."""
    inner = QWidget()
    layout: QHBoxLayout | QVBoxLayout = QHBoxLayout(inner) if side_by_side else QVBoxLayout(inner)
    for chart in charts:
        layout.addWidget(chart, 1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(inner)
    page = QWidget()
    column = QVBoxLayout(page)
    column.addWidget(scroll, 1)
    if note is not None:
        column.addWidget(note)
    return page


def _note() -> QLabel:
    note = QLabel()
    note.setWordWrap(True)
    note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return note


class FigureTabs(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._figures: DashboardFigures | None = None
        self.charts = {
            name: ChartView(name)
            for name in (
                "by_group_and_year",
                "by_district",
                "by_perpetrator_group",
                "by_perpetrator",
                "by_bias",
                "funnel",
                "followups",
                "prosecutions",
            )
        }
        self.violations = CountTable("by_violation")
        self.subjects = CountTable("by_subject")
        self.funnel_note = _note()
        self.followup_note = _note()
        self.prosecution_note = _note()
        charts = self.charts
        for page in (
            _page(charts["by_group_and_year"]),
            _page(self.violations),
            _page(charts["by_district"], self.subjects, side_by_side=True),
            _page(charts["by_perpetrator_group"], charts["by_perpetrator"]),
            _page(charts["by_bias"]),
            _page(charts["funnel"], note=self.funnel_note),
            _page(charts["followups"], note=self.followup_note),
            _page(charts["prosecutions"], note=self.prosecution_note),
        ):
            self.addTab(page, "")
        self.retranslate()

    def retranslate(self) -> None:
        titles = (
            self.tr("By year"),
            self.tr("Violation types"),
            self.tr("Regions"),
            self.tr("Perpetrators"),
            self.tr("Bias motivation"),
            self.tr("Police"),
            self.tr("Follow-up"),
            self.tr("“Propaganda”, “extremism”"),
        )
        for index, title in enumerate(titles):
            self.setTabText(index, title)
        self.violations.set_headers(self.tr("Violation"), self.tr("Group"), self.tr("Count"))
        self.subjects.set_headers(self.tr("Region"), self.tr("Federal district"), self.tr("Count"))
        self.violations.setAccessibleName(self.tr("Violation types"))
        self.subjects.setAccessibleName(self.tr("Regions (federal subjects)"))
        if self._figures is not None:
            self.show_figures(self._figures)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def clear_figures(self) -> None:
        self._figures = None
        for chart in self.charts.values():
            chart.clear()
        for table in (self.violations, self.subjects):
            table.clear()
        for note in (self.funnel_note, self.followup_note, self.prosecution_note):
            note.setText("")

    def show_figures(self, figures: DashboardFigures) -> None:
        self._figures = figures
        unit = self._unit(figures.unit)
        groups, years, cells = _two_way(figures.by_group_and_year)
        self.charts["by_group_and_year"].show_bars(
            Bars(
                self.tr("Violation groups by year"),
                [label("year", year) for year in years],
                [(label("violation_group", g), [cells.get((g, y), 0) for y in years]) for g in groups],
                stacked=True,
                colours=_colours(groups),
                unit=unit,
            )
        )
        self._one_way_chart(
            "by_district",
            self.tr("Federal districts"),
            figures.by_district,
            unit,
            everything=[d.code for d in default_vocabularies().districts()],
        )
        self._one_way_chart(
            "by_perpetrator_group", self.tr("Perpetrators: state or not"), figures.by_perpetrator_group, unit
        )
        self._one_way_chart("by_perpetrator", self.tr("Perpetrator types"), figures.by_perpetrator, unit)
        self._one_way_chart("by_bias", self.tr("Bias motivation"), figures.by_bias, unit)
        self.violations.show_rows(self._rows(figures.by_violation, "violation_group"))
        self.subjects.show_rows(self._rows(figures.by_subject, "district"))
        self._show_funnel(figures)
        self._show_followups(figures.followups)
        self._show_prosecutions(figures.prosecutions, unit)

    # -- one chart each ------------------------------------------------------------------------

    def _one_way_chart(
        self, name: str, title: str, table: Table, unit: str, everything: Iterable[str] = ()
    ) -> None:
        codes, counts = _one_way(table, everything)
        dimension = table.by[0]
        self.charts[name].show_bars(
            Bars(title, [label(dimension, c) for c in codes], [(unit, counts)], horizontal=True, unit=unit)
        )

    def _rows(self, table: Table, group_dimension: str) -> list[tuple[str, str, int]]:
        vocab = default_vocabularies()
        dimension = table.by[0]
        rows = []
        for (code,), number in table.cells.items():
            if code == UNKNOWN:
                group = ""
            elif dimension == "subject":
                group = label(group_dimension, vocab.district_of(code) or UNKNOWN)
            else:
                group = label(group_dimension, vocab.group_of("violation", code) or UNKNOWN)
            rows.append((label(dimension, code), group, number))
        return rows

    def _show_funnel(self, figures: DashboardFigures) -> None:
        funnel = figures.funnel
        cases = self.tr("Cases")
        self.charts["funnel"].show_bars(
            Bars(
                self.tr("How far a complaint to the police got"),
                [label("police_stage", step) for step, _n in funnel.reached],
                [(cases, [n for _step, n in funnel.reached])],
                horizontal=True,
                unit=cases,
            )
        )
        self.funnel_note.setText(
            self.tr(
                "Counted in cases, whatever the unit chosen above. Each bar holds the cases that got at "
                "least that far. A verdict is counted past “hate motive recognised”, so a verdict without "
                "a recognised motive counts at both. Not recorded: %n case(s) with no police stage, "
                "counted in no bar.",
                "",
                funnel.not_recorded,
            )
        )

    def _show_followups(self, table: Table) -> None:
        needs, statuses, cells = _two_way(table, _STATUSES)
        shown = [s for s in statuses if any(cells.get((need, s), 0) for need in needs)]
        unit = self.tr("Follow-up actions")
        self.charts["followups"].show_bars(
            Bars(
                self.tr("Follow-up needs and help delivered"),
                [label("need", need) for need in needs],
                [(label("followup_status", s), [cells.get((need, s), 0) for need in needs]) for s in shown],
                horizontal=True,
                stacked=True,
                colours=[_STATUS_COLOURS[_STATUSES.index(s)] for s in shown],
                unit=unit,
            )
        )
        delivered = sum(n for (_need, status), n in cells.items() if status == HELP_DELIVERED)
        self.followup_note.setText(
            self.tr(
                "Counted in follow-up actions (a case can have several), whatever the unit chosen above. "
                "Help delivered: {done} of %n.",
                "",
                table.total,
            ).format(done=delivered)
        )

    def _show_prosecutions(self, table: Table, unit: str) -> None:
        codes, years, cells = _two_way(table)
        self.charts["prosecutions"].show_bars(
            Bars(
                self.tr("“Propaganda” and “extremism” laws: violations by year"),
                [label("year", year) for year in years],
                [(label("violation", code), [cells.get((code, y), 0) for y in years]) for code in codes],
                unit=unit,
            )
        )
        self.prosecution_note.setText(
            self.tr("No case in these groups is counted with the filters chosen.") if not codes else ""
        )

    def _unit(self, unit: str) -> str:
        return {"cases": self.tr("Cases"), "victims": self.tr("Victims"), "acts": self.tr("Acts")}.get(
            unit, unit
        )


def _colours(codes: list[str]) -> list[str]:
    return [
        NOT_RECORDED_COLOUR if code == UNKNOWN else PALETTE[i % len(PALETTE)] for i, code in enumerate(codes)
    ]
