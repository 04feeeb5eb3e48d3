"""The tables a published report carries, made safe to publish (decision 0016): only counted
cases, locations at federal-district level, no name, pseudonym or identifying field (the tables
hold codes and counts only), and small cells suppressed together with whatever would give them
back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from intake.cell_suppression import OneWay, Shown, TwoWay, suppress_one_way, suppress_two_way
from intake.counting_index import CountingIndex
from intake.dashboard_figures import FUNNEL_STEPS, REACHED
from intake.statistics import Population, Table, value_order
from intake.vocabulary import Vocabularies

# (file name, dimensions, unit): one dimension makes a one-way table, two a two-way one.
PUBLISHED: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("cases_by_violation_group", ("violation_group",), "cases"),
    ("victims_by_violation_group", ("violation_group",), "victims"),
    ("acts_by_violation", ("violation",), "acts"),
    ("cases_by_violation_group_and_year", ("violation_group", "year"), "cases"),
    ("cases_by_district", ("district",), "cases"),
    ("cases_by_perpetrator_group", ("perpetrator_group",), "cases"),
    ("cases_by_perpetrator", ("perpetrator",), "cases"),
    ("cases_by_bias", ("bias",), "cases"),
    ("cases_by_police_stage", ("police_stage",), "cases"),
    ("cases_by_need", ("need",), "cases"),
)


@dataclass(frozen=True)
class PublishedTable:
    name: str
    by: tuple[str, ...]
    unit: str
    table: OneWay | TwoWay


def published_tables(cases: Sequence[Mapping[str, object]], vocab: Vocabularies) -> list[PublishedTable]:
    # The counting index gives what statistics.count gives (tested), ten times faster at scale.
    index = CountingIndex(Population(tuple(cases), ()), vocab)
    everything = range(len(cases))

    def count(by: tuple[str, ...], unit: str) -> Table:
        return index.count(everything, by, unit)

    made = []
    for name, by, unit in PUBLISHED:
        counted = count(by, unit)
        if len(by) == 1:
            values = value_order(by[0], {key[0] for key in counted.cells}, vocab)
            table: OneWay | TwoWay = suppress_one_way(
                {key[0]: n for key, n in counted.cells.items()}, values, total=counted.total
            )
        else:
            rows = value_order(by[0], {key[0] for key in counted.cells}, vocab)
            columns = value_order(by[1], {key[1] for key in counted.cells}, vocab)
            # The real totals (distinct units), which are not the sums when a case falls under
            # several values; suppression treats them as sums, which only hides more.
            row_totals = {key[0]: n for key, n in count(by[:1], unit).cells.items()}
            column_totals = {key[0]: n for key, n in count(by[1:], unit).cells.items()}
            table = suppress_two_way(
                rows,
                columns,
                {(k[0], k[1]): n for k, n in counted.cells.items()},
                row_totals=row_totals,
                column_totals=column_totals,
                total=counted.total,
            )
        made.append(PublishedTable(name, by, unit, table))
    return made


def police_funnel_published(tables: Sequence[PublishedTable]) -> list[tuple[str, Shown]]:
    """The police funnel worked out from the published police-stage table only: each step is the
    sum of the stages that reach it, given only where none of them is hidden. So the funnel tells
    a reader nothing the table does not."""
    stages = next(t.table for t in tables if t.by == ("police_stage",) and t.unit == "cases")
    assert isinstance(stages, OneWay)
    shown = dict(zip(stages.values, stages.cells, strict=True))
    funnel: list[tuple[str, Shown]] = []
    for step in FUNNEL_STEPS:
        parts = [shown.get(stage, 0) for stage, reached in REACHED.items() if step in reached]
        if all(isinstance(part, int) for part in parts):
            funnel.append((step, sum(int(part) for part in parts)))
    return funnel
