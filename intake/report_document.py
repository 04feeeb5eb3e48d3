"""A small document builder over ReportLab for the PDF report: headings, paragraphs, notes, a
warning box, tables and charts, laid out on A4 with DejaVu Sans embedded.

All text is taken as plain text and escaped here, so a label can never be read as markup (a
"<5" would otherwise start a tag). The PDF carries no author, creation time or document id
(ReportLab's invariant mode), nor the name of the program: what a file reveals about who made
it, and when, is only what its pages say.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from intake.resources import FONTS_DIR

FONT, BOLD = "IntakeSans", "IntakeSans-Bold"
_MARGIN = 18 * mm
_CHUNK = 40


def _register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


_STYLES = {
    "title": ParagraphStyle("title", fontName=BOLD, fontSize=18, leading=23, spaceAfter=6 * mm),
    "heading": ParagraphStyle(
        "heading", fontName=BOLD, fontSize=14, leading=18, spaceBefore=6 * mm, spaceAfter=3 * mm
    ),
    "subheading": ParagraphStyle(
        "subheading", fontName=BOLD, fontSize=11, leading=14, spaceBefore=4 * mm, spaceAfter=2 * mm
    ),
    "body": ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, spaceAfter=2.5 * mm),
    "note": ParagraphStyle(
        "note",
        fontName=FONT,
        fontSize=8.5,
        leading=11,
        textColor=colors.HexColor("#444444"),
        spaceAfter=2 * mm,
    ),
    "warning": ParagraphStyle(
        "warning",
        fontName=BOLD,
        fontSize=10,
        leading=13.5,
        borderColor=colors.HexColor("#9a3412"),
        borderWidth=0.8,
        borderPadding=3 * mm,
        backColor=colors.HexColor("#fff7ed"),
        spaceBefore=3 * mm,
        spaceAfter=5 * mm,
    ),
    "cell": ParagraphStyle("cell", fontName=FONT, fontSize=8.5, leading=10.5),
    "head": ParagraphStyle("head", fontName=BOLD, fontSize=8.5, leading=10.5),
}


class ReportDocument:
    def __init__(self, title: str) -> None:
        _register_fonts()
        self._title = title
        self._story: list[Flowable] = []

    def title(self, text: str) -> None:
        self._story.append(Paragraph(escape(text), _STYLES["title"]))

    def heading(self, text: str) -> None:
        self._story.append(Paragraph(escape(text), _STYLES["heading"]))

    def subheading(self, text: str) -> None:
        self._story.append(Paragraph(escape(text), _STYLES["subheading"]))

    def paragraph(self, text: str) -> None:
        self._story.append(Paragraph(escape(text), _STYLES["body"]))

    def note(self, text: str) -> None:
        self._story.append(Paragraph(escape(text), _STYLES["note"]))

    def warning(self, text: str) -> None:
        self._story.append(Paragraph(escape(text), _STYLES["warning"]))

    def drawing(self, drawing: Drawing) -> None:
        self._story.append(drawing)
        self._story.append(Spacer(1, 2 * mm))

    def table(
        self, header: Sequence[Any], rows: Sequence[Sequence[Any]], widths: Sequence[float] | None = None
    ) -> None:
        """A table with a header row repeated on every page; numbers right-aligned. `widths` are
        fractions of the text width; by default the first column takes what the numbers leave."""
        usable = A4[0] - 2 * _MARGIN
        columns = len(header)
        if widths is None:
            number = min(22 * mm, usable * 0.6 / max(columns - 1, 1))
            widths = [(usable - number * (columns - 1)) / usable, *([number / usable] * (columns - 1))]
        head = [Paragraph(escape(str(value)), _STYLES["head"]) for value in header]
        body = [[Paragraph(escape(str(value)), _STYLES["cell"]) for value in row] for row in rows]
        # ReportLab measures every remaining row again each time it splits a table across pages,
        # so a 10,000-row annex took a minute; tables of at most _CHUNK rows keep it linear.
        for start in range(0, max(len(body), 1), _CHUNK):
            chunk = body[start : start + _CHUNK]
            table = Table([head, *chunk], colWidths=[usable * w for w in widths], repeatRows=1)
            style: list[Any] = [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f4f6")]),
            ]
            if start + _CHUNK >= len(body):
                style.append(("LINEABOVE", (0, -1), (-1, -1), 0.4, colors.HexColor("#999999")))
            table.setStyle(TableStyle(style))
            self._story.append(KeepTogether([table]) if len(chunk) < 25 else table)
        self._story.append(Spacer(1, 3 * mm))

    def render(self, page_done: Callable[[], None] | None = None) -> bytes:
        """The PDF. `page_done` is called after each page is laid out; it may raise to stop (a
        lock or a wipe cancels a long report there)."""
        out = io.BytesIO()

        def on_page(canvas: Any, doc: Any) -> None:
            _page_number(canvas, doc)
            if page_done is not None:
                page_done()

        template = SimpleDocTemplate(
            out,
            pagesize=A4,
            leftMargin=_MARGIN,
            rightMargin=_MARGIN,
            topMargin=_MARGIN,
            bottomMargin=_MARGIN,
            title=self._title,
            author="",
            creator="",
            producer="",
            subject="",
            invariant=1,
        )
        template.build(self._story, onFirstPage=on_page, onLaterPages=on_page)
        return out.getvalue()


def _page_number(canvas: Any, _doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 8)
    canvas.drawRightString(A4[0] - _MARGIN, 10 * mm, str(canvas.getPageNumber()))
    canvas.restoreState()
