"""`intake stats`: counts for the coordinator's own analysis (decision 0016), with what was left
out and why. These are exact internal figures, not a publication: published tables go through
small-cell suppression (`intake report`)."""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from intake.cli.session import print_json, unlocked
from intake.i18n import _, current_language, ngettext
from intake.report_csv import write_csv_tables
from intake.report_tables import published_tables
from intake.statistics import (
    CODE_VOCABULARY,
    DIMENSIONS,
    GROUP_VOCABULARY,
    UNITS,
    UNKNOWN,
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
        "--from", dest="date_from", metavar=_("DATE"), help=_("cases that occurred on or after (YYYY-MM-DD)")
    )
    stats.add_argument(
        "--to", dest="date_to", metavar=_("DATE"), help=_("cases that occurred on or before (YYYY-MM-DD)")
    )
    stats.add_argument("--district", nargs="+", default=[], metavar=_("CODE"), help=_("federal districts"))
    stats.add_argument("--group", nargs="+", default=[], metavar=_("CODE"), help=_("violation groups"))
    stats.set_defaults(handler=show_stats)

    report = commands.add_parser(
        "report", help=_("write publication-safe tables (small counts suppressed) where you choose")
    )
    common(report)
    report.add_argument(
        "--csv", required=True, metavar=_("FOLDER"), help=_("an empty folder for the CSV tables")
    )
    report.add_argument(
        "--from", dest="date_from", metavar=_("DATE"), help=_("cases that occurred on or after (YYYY-MM-DD)")
    )
    report.add_argument(
        "--to", dest="date_to", metavar=_("DATE"), help=_("cases that occurred on or before (YYYY-MM-DD)")
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
        print("  " + _("left out, {reason}: {count}").format(reason=_reason(reason), count=number))
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
    folder = Path(args.csv).expanduser()
    with unlocked(args) as vault:
        population = load_population(vault.connection)
    cases = select(population, CaseFilter(date_from=args.date_from, date_to=args.date_to), vocab)
    written = write_csv_tables(
        folder, published_tables(cases, vocab), lambda dim, code: _label(dim, code, vocab)
    )
    print(
        ngettext(
            "{count} table written to {path}.", "{count} tables written to {path}.", len(written)
        ).format(count=len(written), path=folder)
    )
    print(
        _(
            "These files are NOT encrypted. Counts under 5, and whatever would give them back, are shown "
            'as "<5"; locations are federal districts only. {count} cases counted; cases without '
            "consent to anonymous statistics are left out."
        ).format(count=len(cases))
    )
    return 0


def _print_table(table: Table, vocab: Vocabularies) -> None:
    rows = sorted(table.cells.items(), key=lambda item: (-item[1], item[0]))
    labels = [
        " / ".join(_label(dim, value, vocab) for dim, value in zip(table.by, key, strict=True))
        for key, _n in rows
    ]
    width = max([len(label) for label in labels] + [10])
    for label, (_key, number) in zip(labels, rows, strict=True):
        print(f"{label:<{width}}  {number:>7}")
    print(f"{_('total ({unit})').format(unit=_unit(table.unit)):<{width}}  {table.total:>7}")


def _label(dimension: str, value: str, vocab: Vocabularies) -> str:
    if value == UNKNOWN:
        return _("not recorded")
    lang = current_language()
    if dimension in GROUP_VOCABULARY:
        en, ru = vocab.groups(GROUP_VOCABULARY[dimension]).get(value, (value, value))
        return ru if lang == "ru" else en
    name = CODE_VOCABULARY.get(dimension)
    return vocab.label(name, value, lang) if name is not None else value


def _unit(unit: str) -> str:
    return {"cases": _("cases"), "victims": _("victims"), "acts": _("acts")}[unit]


def _reason(reason: str) -> str:
    return {
        "not_sealed": _("not sealed"),
        "no_statistics_consent": _("no consent to anonymous statistics"),
        "statistics_consent_refused": _("consent to statistics refused or withdrawn"),
    }.get(reason, reason)
