"""Bar charts (QtCharts) and count tables for the statistics dashboard. They draw plain data
(`Bars`: categories and named series of counts); ui/statistics_tabs.py decides what that is.

Every chart carries its title as its accessible name and its figures as text in its accessible
description, so a screen reader gets the numbers, not a picture; hovering a bar shows its count.
Charts follow the system palette (light or dark) and colour series from a palette that people
with the common colour-vision deficiencies can tell apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QMargins, Qt
from PySide6.QtGui import QColor, QCursor, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QToolTip, QTreeWidget, QTreeWidgetItem, QWidget

# Paul Tol's "muted" scheme (its indigo moved back: too dark on a dark palette), then a few of
# Okabe and Ito's; grey means "not recorded".
PALETTE = (
    "#4477AA",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
    "#332288",
    "#E69F00",
    "#56B4E9",
)
NOT_RECORDED_COLOUR = "#BBBBBB"
_ROW_HEIGHT = 26  # per horizontal bar, so long label lists stay legible
_MIN_HEIGHT = 320
_MIN_HORIZONTAL = 160
_SMALL_AXIS = 10  # up to this count, one tick per whole number


@dataclass(frozen=True)
class Bars:
    """What one chart shows: a count per category for each named series. `colours` (one per
    series) overrides the palette. Stacked series must not overlap (each unit in one of them)."""

    title: str
    categories: Sequence[str]
    series: Sequence[tuple[str, Sequence[int]]]
    horizontal: bool = False
    stacked: bool = False
    colours: Sequence[str] = field(default=())
    unit: str = ""  # the count axis's title

    def describe(self) -> str:
        """The figures as text, for the accessible description."""
        lines = []
        for index, category in enumerate(self.categories):
            values = [(name, counts[index]) for name, counts in self.series]
            if len(values) == 1:
                lines.append(f"{category}: {values[0][1]}")
            else:
                lines.append(f"{category}: " + ", ".join(f"{name} {count}" for name, count in values))
        return "; ".join(lines)


class ChartView(QChartView):
    """One chart, redrawn by `show_bars`; `clear` leaves it empty."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(_MIN_HEIGHT)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable, so a screen reader can read it
        self._bars: Bars | None = None
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setShowToolTips(True)  # a name cut short shows whole on hover
        self.setChart(chart)
        self._follow_palette()

    def show_bars(self, bars: Bars) -> None:
        self._bars = bars
        self._draw()

    def clear(self) -> None:
        self._bars = None
        self._draw()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._follow_palette()
            self._draw()
        super().changeEvent(event)

    def _follow_palette(self) -> None:
        dark = self.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.5
        chart = self.chart()
        chart.setTheme(QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight)
        chart.setBackgroundVisible(False)  # the view's own background: the palette's
        chart.setTitleBrush(self.palette().color(QPalette.ColorRole.WindowText))
        chart.legend().setLabelColor(self.palette().color(QPalette.ColorRole.WindowText))

    def _draw(self) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
            axis.deleteLater()
        bars = self._bars
        chart.setTitle(bars.title if bars is not None else "")
        self.setAccessibleName(bars.title if bars is not None else "")
        self.setAccessibleDescription(bars.describe() if bars is not None else "")
        if bars is None or not bars.categories:
            chart.legend().setVisible(False)
            return
        # Horizontal bars grow upwards: reversed, the first category reads at the top.
        order = (
            list(reversed(range(len(bars.categories))))
            if bars.horizontal
            else list(range(len(bars.categories)))
        )
        series = _series(bars)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        for number, (name, counts) in enumerate(bars.series):
            bar_set = QBarSet(name)
            bar_set.append([float(counts[i]) for i in order])
            colour = bars.colours[number] if number < len(bars.colours) else PALETTE[number % len(PALETTE)]
            bar_set.setColor(QColor(colour))
            bar_set.setBorderColor(QColor(colour))
            bar_set.setLabelColor(text)
            categories = [bars.categories[i] for i in order]
            bar_set.hovered.connect(
                lambda on, index, name=name, categories=categories, bar_set=bar_set: _tip(
                    on, categories[index], name, bar_set.at(index), len(bars.series) > 1
                )
            )
            series.append(bar_set)
        if len(bars.series) == 1:
            series.setLabelsVisible(True)
            series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
            series.setLabelsFormat("@value")
        chart.addSeries(series)
        category_axis = QBarCategoryAxis()
        category_axis.append([bars.categories[i] for i in order])
        count_axis = _count_axis(_highest(bars))
        count_axis.setTitleText(bars.unit)
        category_side, count_side = (
            (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom)
            if bars.horizontal
            else (Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft)
        )
        for axis, side in ((category_axis, category_side), (count_axis, count_side)):
            axis.setLabelsColor(text)
            axis.setTitleBrush(text)
            chart.addAxis(axis, side)
            series.attachAxis(axis)
        legend = chart.legend()
        legend.setVisible(len(bars.series) > 1)
        # Long series names (violation groups and types) read whole in a column at the side.
        legend.setAlignment(Qt.AlignmentFlag.AlignBottom if bars.horizontal else Qt.AlignmentFlag.AlignRight)
        if bars.horizontal:
            rows = len(bars.categories) * (1 if bars.stacked else len(bars.series))
            self.setMinimumHeight(max(_MIN_HORIZONTAL, 90 + rows * _ROW_HEIGHT))
        else:
            self.setMinimumHeight(_MIN_HEIGHT)


def _series(bars: Bars) -> QAbstractBarSeries:
    if bars.horizontal:
        return QHorizontalStackedBarSeries() if bars.stacked else QHorizontalBarSeries()
    return QStackedBarSeries() if bars.stacked else QBarSeries()


def _highest(bars: Bars) -> int:
    if not bars.series:
        return 0
    if bars.stacked:
        return max(sum(counts[i] for _name, counts in bars.series) for i in range(len(bars.categories)))
    return max(max(counts, default=0) for _name, counts in bars.series)


def _count_axis(highest: int) -> QValueAxis:
    """Whole numbers only: a count of 3 must not get ticks at 0.75 and 1.5."""
    axis = QValueAxis()
    axis.setLabelFormat("%d")
    top = max(highest, 1)
    if top <= _SMALL_AXIS:
        axis.setRange(0, top)
        axis.setTickCount(top + 1)
    else:
        axis.setRange(0, top * 1.08)  # room for the value labels at the bars' ends
        axis.applyNiceNumbers()
    return axis


def _tip(on: bool, category: str, name: str, value: float, named: bool) -> None:
    if on:
        text = f"{category} — {name}: {int(value)}" if named else f"{category}: {int(value)}"
        QToolTip.showText(QCursor.pos(), text)
    else:
        QToolTip.hideText()


class CountTable(QTreeWidget):
    """A sortable table of counts: a value, what it belongs to (its group), and the count."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setColumnCount(3)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSortingEnabled(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

    def set_headers(self, value: str, group: str, count: str) -> None:
        self.setHeaderLabels([value, group, count])

    def show_rows(self, rows: Sequence[tuple[str, str, int]]) -> None:
        """(value, group, count) rows, shown largest count first until the user sorts."""
        self.setSortingEnabled(False)
        self.clear()
        for label, group, number in rows:
            item = QTreeWidgetItem([label, group])
            item.setData(2, Qt.ItemDataRole.DisplayRole, number)  # an int: sorts as a number
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.addTopLevelItem(item)
        self.setSortingEnabled(True)
        self.sortByColumn(2, Qt.SortOrder.DescendingOrder)

    def rows(self) -> list[tuple[str, str, int]]:
        found = []
        for index in range(self.topLevelItemCount()):
            item = self.topLevelItem(index)
            if item is not None:
                found.append((item.text(0), item.text(1), int(item.data(2, Qt.ItemDataRole.DisplayRole))))
        return found
