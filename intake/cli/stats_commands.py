"""`intake stats`: counts for the coordinator's own analysis (decision 0016), with what was left
out and why. These are exact internal figures, not a publication: published tables go through
small-cell suppression (`intake report`)."""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from intake.cli.session import print_json, unlocked
from intake.i18n import SUPPORTED_LANGUAGES, _, active_translation, current_language, ngettext
from intake.report_csv import write_csv_tables
from intake.report_labels import ReportLabels
from intake.report_pdf import write_pdf_report
from intake.report_tables import published_tables
from intake.statistics import (
    DIMENSIONS,
    UNITS,
    CaseFilter,
    Table,
    count,
    load_population,
    select,
)
from intake.vocabulary import Vocabularies, default_vocabularies

Common = Callable[..., None]


def add_commands(commands: Any, common: Common) -> None:
    stats = commands.add_parser(
        "stats", help=_("count cases, victims or acts (internal figures, not for publication)")
    )
    common(stats, json_output=True)
    stats.add_argument(
        "--by",
        nargs="+",
        default=["violation_group"],
        choices=sorted(DIMENSIONS),
        metavar=_("FIELD"),
        help=_("what to count by: {fields}").format(fields=", ".join(sorted(DIMENSIONS))),
    )
    stats.add_argument("--unit", choices=UNITS, default="cases", help=_("what to count (default: cases)"))
    stats.add_argument(
        "--from",
        dest="date_from",
        type=_full_date,
        metavar=_("DATE"),
        help=_("cases that occurred on or after (YYYY-MM-DD)"),
    )
    stats.add_argument(
        "--to",
        dest="date_to",
        type=_full_date,
        metavar=_("DATE"),
        help=_("cases that occurred on or before (YYYY-MM-DD)"),
    )
    stats.add_argument("--district", nargs="+", default=[], metavar=_("CODE"), help=_("federal districts"))
    stats.add_argument("--group", nargs="+", default=[], metavar=_("CODE"), help=_("violation groups"))
    stats.set_defaults(handler=show_stats)

    report = commands.add_parser(
        "report", help=_("write publication-safe tables (small counts suppressed) where you choose")
    )
    common(report)
    target = report.add_mutually_exclusive_group(required=True)
    target.add_argument("--csv", metavar=_("FOLDER"), help=_("an empty folder for the CSV tables"))
    target.add_argument("--pdf", metavar=_("FILE"), help=_("a new PDF file for the report"))
    report.add_argument(
        "--language",
        choices=SUPPORTED_LANGUAGES,
        help=_("language of the PDF report (default: the language of these messages)"),
    )
    report.add_argument(
        "--from",
        dest="date_from",
        type=_full_date,
        metavar=_("DATE"),
        help=_("cases that occurred on or after (YYYY-MM-DD)"),
    )
    report.add_argument(
        "--to",
        dest="date_to",
        type=_full_date,
        metavar=_("DATE"),
        help=_("cases that occurred on or before (YYYY-MM-DD)"),
    )
    report.set_defaults(handler=write_report)


def show_stats(args: argparse.Namespace) -> int:
    vocab = default_vocabularies()
    chosen = CaseFilter(
        date_from=args.date_from,
        date_to=args.date_to,
        districts=frozenset(args.district),
        groups=frozenset(args.group),
    )
    with unlocked(args) as vault:
        population = load_population(vault.connection)
    cases = select(population, chosen, vocab)
    table = count(cases, args.by, args.unit, vocab)
    excluded = Counter(e.reason for e in population.excluded)
    labels = ReportLabels(vocab, active_translation())
    if args.json:
        print_json(
            {
                "unit": table.unit,
                "by": list(table.by),
                "cells": [{"values": list(key), "count": n} for key, n in sorted(table.cells.items())],
                "total": table.total,
                "cases_counted": len(cases),
                "excluded": dict(sorted(excluded.items())),
            }
        )
        return 0
    _print_table(table, vocab)
    print(_("Cases counted: {count}.").format(count=len(cases)))
    for reason, number in sorted(excluded.items()):
        print("  " + _("left out, {reason}: {count}").format(reason=labels.reason(reason), count=number))
    print(
        _(
            "Internal figures, not for publication. A case can fall under several values, so rows may "
            "add up to more than the total. The cases are those reported to the network: they are "
            "not a representative sample."
        )
    )
    return 0


def write_report(args: argparse.Namespace) -> int:
    vocab = default_vocabularies()
    with unlocked(args) as vault:
        population = load_population(vault.connection)
    chosen = CaseFilter(date_from=args.date_from, date_to=args.date_to)
    cases = select(population, chosen, vocab)
    if args.pdf:
        path = Path(args.pdf).expanduser()
        write_pdf_report(path, population, chosen, vocab, args.language or current_language())
        print(_("Report written to {path}.").format(path=path))
        print(
            _(
                "This file is NOT encrypted. Counts under 5, and whatever would give them back, are hidden; "
                "locations are federal districts only; cases are described only where the people "
                "concerned agreed. {count} cases counted."
            ).format(count=len(cases))
        )
        return 0
    folder = Path(args.csv).expanduser()
    written = write_csv_tables(
        folder, published_tables(cases, vocab), ReportLabels(vocab, active_translation())
    )
    print(
        ngettext(
            "{count} table written to {path}.", "{count} tables written to {path}.", len(written)
        ).format(count=len(written), path=folder)
    )
    print(
        _(
            'These files are NOT encrypted. Counts under 5 are shown as "<5", and whatever would give '
            'them back as "x"; locations are federal districts only. {count} cases counted; cases '
            "without consent to anonymous statistics are left out."
        ).format(count=len(cases))
    )
    return 0


def _print_table(table: Table, vocab: Vocabularies) -> None:
    rows = sorted(table.cells.items(), key=lambda item: (-item[1], item[0]))
    names = ReportLabels(vocab, active_translation())
    labels = [
        " / ".join(names.value(dim, value) for dim, value in zip(table.by, key, strict=True))
        for key, _n in rows
    ]
    width = max([len(label) for label in labels] + [10])
    for label, (_key, number) in zip(labels, rows, strict=True):
        print(f"{label:<{width}}  {number:>7}")
    print(f"{_('total ({unit})').format(unit=names.unit(table.unit).lower()):<{width}}  {table.total:>7}")


def _full_date(text: str) -> str:
    """A whole date: cases compare by the first day their date covers, so "2025-03" as an end
    would leave out all of March but its first day."""
    try:
        return date.fromisoformat(text).isoformat() if len(text) == 10 else _refuse(text)
    except ValueError:
        return _refuse(text)


def _refuse(text: str) -> NoReturn:
    raise argparse.ArgumentTypeError(_("{text} is not a date; use YYYY-MM-DD.").format(text=text))
