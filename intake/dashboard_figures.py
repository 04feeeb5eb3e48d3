"""Every figure the coordinator's dashboard shows, computed in one pass from a loaded population
(decision 0016). Qt-free, so the desktop draws them and tests check them without a window.

These are internal figures: exact, nothing suppressed. What is published goes through
intake/report_tables.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from intake.counting_index import CountingIndex
from intake.statistics import CaseFilter, Excluded, Population, Table
from intake.vocabulary import Vocabularies

# The police funnel (also published, intake/report_tables.py): how far an official complaint
# got. A case counts at every step up to the furthest it reached, so each bar holds the cases
# that got at least that far. The vocabulary records one stage per case, the furthest; a
# refusal ends the way at the step before it
# ("registration refused" was reported, "case refused" was registered). Verdict is counted
# past "hate motive recognised", as the vocabulary orders them; a verdict without a recognised
# motive therefore counts at both (stated on the dashboard and in the report's methodology).
FUNNEL_STEPS = (
    "PS.NOT_REPORTED",
    "PS.REPORTED",
    "PS.REGISTERED",
    "PS.CASE_OPENED",
    "PS.HATE_RECOGNISED",
    "PS.VERDICT",
)
REACHED: Mapping[str, tuple[str, ...]] = {
    "PS.NOT_REPORTED": ("PS.NOT_REPORTED",),
    "PS.REPORTED": ("PS.REPORTED",),
    "PS.REFUSED": ("PS.REPORTED",),
    "PS.REGISTERED": ("PS.REPORTED", "PS.REGISTERED"),
    "PS.CASE_DENIED": ("PS.REPORTED", "PS.REGISTERED"),
    "PS.CASE_OPENED": ("PS.REPORTED", "PS.REGISTERED", "PS.CASE_OPENED"),
    "PS.HATE_RECOGNISED": ("PS.REPORTED", "PS.REGISTERED", "PS.CASE_OPENED", "PS.HATE_RECOGNISED"),
    "PS.VERDICT": ("PS.REPORTED", "PS.REGISTERED", "PS.CASE_OPENED", "PS.HATE_RECOGNISED", "PS.VERDICT"),
}

# Prosecutions under the "propaganda" and "extremism" laws, the groups the dashboard shows apart.
PROSECUTION_GROUPS = frozenset({"propaganda", "extremism"})
HELP_DELIVERED = "done"


@dataclass(frozen=True)
class Funnel:
    """Cases that reached at least each step (FUNNEL_STEPS order), and those with no stage
    recorded, which no step counts."""

    reached: tuple[tuple[str, int], ...]
    not_recorded: int


@dataclass(frozen=True)
class DashboardFigures:
    unit: str
    cases: int  # counted cases the filter covers
    excluded: tuple[Excluded, ...]  # cases that do not count, whatever the filter
    by_group_and_year: Table  # (violation_group, year)
    by_violation: Table  # (violation,)
    by_district: Table  # (district,)
    by_subject: Table  # (subject,)
    by_perpetrator_group: Table  # (perpetrator_group,)
    by_perpetrator: Table  # (perpetrator,)
    by_bias: Table  # (bias,)
    funnel: Funnel  # always in cases: a complaint is made about a case
    followups: Table  # (need, followup status), unit "followups"
    prosecutions: Table  # (violation, year), unit as chosen, propaganda and extremism groups only


def dashboard_figures(
    source: CountingIndex | Population, chosen: CaseFilter, unit: str, vocab: Vocabularies
) -> DashboardFigures:
    """Every figure for the cases `chosen` covers. Pass the same CountingIndex on every refresh
    of an open dashboard: it works each case's values out once."""
    index = source if isinstance(source, CountingIndex) else CountingIndex(source, vocab)
    positions = index.positions(chosen)
    cases = [index.population.cases[p] for p in positions]
    prosecuted = index.with_groups(positions, PROSECUTION_GROUPS)
    prosecutions = index.count(prosecuted, ("violation", "year"), unit)
    prosecutions = Table(
        prosecutions.by,
        unit,
        {
            key: n
            for key, n in prosecutions.cells.items()
            if vocab.group_of("violation", key[0]) in PROSECUTION_GROUPS
        },
        prosecutions.total,
    )
    return DashboardFigures(
        unit=unit,
        cases=len(cases),
        excluded=index.population.excluded,
        by_group_and_year=index.count(positions, ("violation_group", "year"), unit),
        by_violation=index.count(positions, ("violation",), unit),
        by_district=index.count(positions, ("district",), unit),
        by_subject=index.count(positions, ("subject",), unit),
        by_perpetrator_group=index.count(positions, ("perpetrator_group",), unit),
        by_perpetrator=index.count(positions, ("perpetrator",), unit),
        by_bias=index.count(positions, ("bias",), unit),
        funnel=police_funnel(index.count(positions, ("police_stage",), "cases")),
        followups=index.count_followups(positions),
        prosecutions=prosecutions,
    )


def police_funnel(stages: Table) -> Funnel:
    """The funnel from a count of cases by police stage (one stage per case)."""
    reached: Counter[str] = Counter()
    not_recorded = 0
    for (stage,), n in stages.cells.items():
        steps = REACHED.get(stage)
        if steps is None:
            not_recorded += n
        else:
            for step in steps:
                reached[step] += n
    return Funnel(tuple((step, reached[step]) for step in FUNNEL_STEPS), not_recorded)
