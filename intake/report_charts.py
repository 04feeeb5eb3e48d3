"""Charts for the PDF report, drawn by ReportLab's charting package from a published table.

Only visible counts are drawn: a hidden count ("<5" or "x") has no bar, and the chart's caption
says so, so a bar's length can never give back what the table hides."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from intake.cell_suppression import OneWay
from intake.report_document import FONT
from intake.report_labels import ReportLabels
from intake.report_tables import PublishedTable

_WIDTH = 170 * mm
_BAR = 5.5 * mm
_LABELS = 62 * mm


def bar_chart(published: PublishedTable, labels: ReportLabels) -> Drawing | None:
    """A horizontal bar chart of a one-way table's visible counts, or None when none is visible."""
    table = published.table
    if not isinstance(table, OneWay):
        return None
    bars = [
        (labels.value(published.by[0], code), shown)
        for code, shown in zip(table.values, table.cells, strict=True)
        if isinstance(shown, int)
    ]
    if not bars:
        return None
    hidden = len(table.values) - len(bars)
    height = len(bars) * _BAR + 12 * mm
    drawing = Drawing(_WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = round(_LABELS), round(8 * mm)
    chart.width, chart.height = round(_WIDTH - _LABELS - 8 * mm), round(len(bars) * _BAR)
    # ReportLab draws the first category at the bottom; reversed, the chart reads like the table.
    chart.data = [[n for _label, n in reversed(bars)]]
    chart.categoryAxis.categoryNames = [_short(label) for label, _n in reversed(bars)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.forceZero = True
    chart.bars[0].fillColor = colors.HexColor("#4f46e5")
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    if hidden:
        ngettext = labels.translation.ngettext
        caption = ngettext(
            "{count} category with a hidden count is not drawn.",
            "{count} categories with hidden counts are not drawn.",
            hidden,
        ).format(count=hidden)
        drawing.add(String(_LABELS, 1 * mm, caption, fontName=FONT, fontSize=7, fillColor=colors.grey))
    return drawing


def _short(label: str, limit: int = 42) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
