"""The PDF monitoring report (decision 0016): methodology and limitations, the published tables with
charts, case descriptions where consent allows, and an annex in ODIHR's format, in Russian or
English.

Everything in it comes from publication-safe pieces: the suppressed tables of
intake/report_tables.py and the coded descriptions of intake/report_vignettes.py. The document is
built in memory (ReportLab, with DejaVu Sans embedded so Cyrillic reads the same everywhere) and
written once, whole, where the user chose; it is not encrypted and the caller says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from crypto.atomic_file import write_atomic
from intake.errors import BadInputError, StorageError
from intake.i18n import Translation, _
from intake.new_file import write_new_file
from intake.report_charts import bar_chart
from intake.report_document import ReportDocument
from intake.report_labels import ReportLabels
from intake.report_tables import PublishedTable, police_funnel_published, published_tables
from intake.report_vignettes import annex_rows, describable, vignette
from intake.statistics import CaseFilter, Population, select
from intake.vocabulary import Vocabularies

Progress = Callable[[int, int], None]
MAX_VIGNETTES = 50  # the newest; the annex lists more
# A bound on the annex (about 60 pages): a report of many thousand incidents would take minutes
# and gigabytes to lay out, and an annex that long is no longer read.
MAX_ANNEX_ROWS = 2000
# Two-way tables with more columns than this are laid out one line per pair of values, so that
# any number of years fits the page.
_WIDEST = 8
CHARTED = (
    "cases_by_violation_group",
    "cases_by_district",
    "cases_by_perpetrator_group",
    "cases_by_bias",
)


def write_pdf_report(
    path: Path,
    population: Population,
    chosen: CaseFilter,
    vocab: Vocabularies,
    language: str,
    *,
    progress: Progress | None = None,
    overwrite: bool = False,
    today: date | None = None,
) -> None:
    """Writes the report to `path`, whole or not at all. An existing file is refused unless
    `overwrite` (the desktop's save dialog has asked)."""
    if not path.parent.is_dir():
        raise BadInputError(_("{path} is not a folder.").format(path=path.parent))
    if (path.exists() or path.is_symlink()) and not overwrite:
        raise BadInputError(_("{path} already exists; choose another name.").format(path=path))
    if path.is_dir():
        raise BadInputError(_("{path} is a folder.").format(path=path))
    data = build_pdf_report(population, chosen, vocab, language, progress=progress, today=today)
    try:
        if overwrite:
            write_atomic(path, data)
        else:
            write_new_file(path, data)  # never over a file that appeared while the report was made
    except FileExistsError:
        raise BadInputError(_("{path} already exists; choose another name.").format(path=path)) from None
    except OSError as exc:
        raise StorageError(
            _("{path} could not be written ({reason}).").format(
                path=path, reason=exc.strerror or type(exc).__name__
            )
        ) from None


def build_pdf_report(
    population: Population,
    chosen: CaseFilter,
    vocab: Vocabularies,
    language: str,
    *,
    progress: Progress | None = None,
    today: date | None = None,
) -> bytes:
    labels = ReportLabels(vocab, Translation(language))
    _ = labels.translation.gettext
    step = progress or (lambda _done, _total: None)
    cases = select(population, chosen, vocab)
    tables = published_tables(cases, vocab)
    step(1, 6)

    doc = ReportDocument(title=_("Documented cases: monitoring report"))
    doc.title(_("Documented cases: monitoring report"))
    doc.paragraph(_period(chosen, labels))
    doc.paragraph(_("Prepared on {date}.").format(date=(today or date.today()).isoformat()))
    doc.warning(
        _(
            "These figures describe the cases documented by the network, not all that happened: they are "
            "not a representative sample and do not show how common these violations are."
        )
    )
    _methodology(doc, labels, tables)
    step(2, 6)

    doc.heading(_("Figures"))
    for published in tables:
        doc.subheading(labels.table_title(published.name))
        if published.name in CHARTED:
            chart = bar_chart(published, labels)
            if chart is not None:
                doc.drawing(chart)
        if len(published.by) == 1 or len(_table_rows(published, labels)[0]) <= _WIDEST:
            doc.table(*_table_rows(published, labels))
        else:
            doc.table(*_long_rows(published, labels))
    doc.subheading(_("How far complaints to the police got"))
    funnel = police_funnel_published(tables)
    doc.table(
        [_("Stage reached"), labels.unit("cases")],
        [[labels.value("police_stage", step_code), shown] for step_code, shown in funnel],
    )
    doc.note(
        _(
            "Each line counts the cases whose complaint got at least that far. A line is left out when "
            "working it out would need a count the tables hide."
        )
    )
    step(4, 6)

    described, held_back = describable(cases, tables, vocab)
    doc.heading(_("Case descriptions"))
    if not described:
        doc.paragraph(_("No counted case can be described."))
    if held_back:
        doc.note(
            _(
                "Some cases whose consent allows a description are not described: their description "
                "would speak to a count the tables hide."
            )
        )
    for item in (vignette(case, labels) for case in described[:MAX_VIGNETTES]):
        place = labels.value("district", item.district)
        doc.paragraph(f"{item.month or _('date not recorded')} · {place}. {item.text}")
    if len(described) > MAX_VIGNETTES:
        doc.note(_("The {shown} most recent are described.").format(shown=MAX_VIGNETTES))
    step(5, 6)

    doc.heading(_("Annex: hate-crime incidents in ODIHR's format"))
    rows = annex_rows(described, labels)
    doc.note(
        _(
            "Violence, threats and attacks on property, for cases with consent to an anonymised "
            "description; month and federal district only."
        )
    )
    doc.table(
        [_("Month"), _("Federal district"), _("Bias motivation"), _("Incident type"), _("Description")],
        [[r.month, r.region, r.bias, r.incident_type, r.description] for r in rows[:MAX_ANNEX_ROWS]],
        widths=(0.1, 0.2, 0.2, 0.16, 0.34),
    )
    if len(rows) > MAX_ANNEX_ROWS:
        doc.note(_("The {shown} most recent incidents are listed.").format(shown=MAX_ANNEX_ROWS))
    data = doc.render(page_done=lambda: step(5, 6))
    step(6, 6)
    return data


def _period(chosen: CaseFilter, labels: ReportLabels) -> str:
    _ = labels.translation.gettext
    if chosen.date_from and chosen.date_to:
        return _("Cases that occurred from {start} to {end}.").format(
            start=chosen.date_from, end=chosen.date_to
        )
    if chosen.date_from:
        return _("Cases that occurred from {start}.").format(start=chosen.date_from)
    if chosen.date_to:
        return _("Cases that occurred up to {end}.").format(end=chosen.date_to)
    return _("Cases of every recorded date.")


def _methodology(doc: ReportDocument, labels: ReportLabels, tables: Sequence[PublishedTable]) -> None:
    _ = labels.translation.gettext
    ngettext = labels.translation.ngettext
    doc.heading(_("What is counted"))
    # The number stated is the one the tables show: a small total is hidden there, so it is here.
    counted = next(t.table.total for t in tables if t.by == ("violation_group",) and t.unit == "cases")
    if isinstance(counted, int):
        said = ngettext(
            "The figures count {count} case documented by the network's monitors.",
            "The figures count {count} cases documented by the network's monitors.",
            counted,
        ).format(count=counted)
    else:
        said = _("The figures count a number of cases too small to state without pointing at someone.")
    doc.paragraph(
        said
        + " "
        + _(
            "A case counts only once its record is sealed, and only if every victim in it agreed to "
            "anonymous statistics; the others are left out."
        )
    )
    for text in (
        _(
            "Each table says what it counts: cases; victims (people recorded as victims); or acts (what "
            "was done to one victim). A case can fall under several categories, so the lines of a table "
            "can add up to more than its total, which counts each case once."
        ),
        _(
            "A case counts in a period by the first day its date covers: a case known only by its year "
            "counts on that year's first day. Places are federal districts only."
        ),
        _(
            'Counts from 1 to 4 are shown as "<5". Where the totals would let such a count be worked out, '
            'further counts are hidden and shown as "x". Zero is shown.'
        ),
        _(
            "The police stage is the furthest an official complaint got. A verdict is counted as past "
            "the recognition of a hate motive, as the stages are ordered, even where the motive was not "
            "recognised."
        ),
        _(
            "Cases are described only where the people concerned agreed to an anonymised description in "
            "publications. The descriptions are made from the recorded categories only, with the month "
            "and the federal district; no account, name or detail of the case is copied."
        ),
    ):
        doc.paragraph(text)
    doc.heading(_("Limitations"))
    doc.paragraph(
        _(
            "People report to the network when they trust it and feel safe enough to do so. Many do not: "
            "reporting can mean being outed, and the 'propaganda' and 'extremism' laws make victims and "
            "witnesses fear prosecution. The figures are therefore far below the real number of "
            "incidents, and changes between years can reflect how much was documented, not how much "
            "happened."
        )
    )


def _table_rows(published: PublishedTable, labels: ReportLabels) -> tuple[list[str], list[list[Any]]]:
    _ = labels.translation.gettext
    table: Any = published.table
    first = published.by[0]
    if len(published.by) == 1:
        body: list[list[Any]] = [
            [labels.value(first, code), shown] for code, shown in zip(table.values, table.cells, strict=True)
        ]
        return [labels.dimension(first), labels.unit(published.unit)], [*body, [_("Total"), table.total]]
    second = published.by[1]
    header = [labels.dimension(first), *(labels.value(second, code) for code in table.columns), _("Total")]
    body = [
        [labels.value(first, code), *cells, row_total]
        for code, cells, row_total in zip(table.rows, table.cells, table.row_totals, strict=True)
    ]
    return header, [*body, [_("Total"), *table.column_totals, table.total]]


def _long_rows(published: PublishedTable, labels: ReportLabels) -> tuple[list[str], list[list[Any]]]:
    """A two-way table as one line per pair of values, then the totals: the same entries as the
    wide layout, for tables with too many columns to fit the page."""
    _ = labels.translation.gettext
    table: Any = published.table
    first, second = published.by
    header = [labels.dimension(first), labels.dimension(second), labels.unit(published.unit)]
    body: list[list[Any]] = []
    for code, cells, row_total in zip(table.rows, table.cells, table.row_totals, strict=True):
        row = labels.value(first, code)
        body += [
            [row, labels.value(second, column), shown]
            for column, shown in zip(table.columns, cells, strict=True)
        ]
        body.append([row, _("Total"), row_total])
    body += [
        [_("Total"), labels.value(second, column), shown]
        for column, shown in zip(table.columns, table.column_totals, strict=True)
    ]
    return header, [*body, [_("Total"), _("Total"), table.total]]
