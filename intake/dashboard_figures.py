"""Every figure the coordinator's dashboard shows, computed in one pass from a loaded population
(decision 0016). Qt-free, so the desktop draws them and tests check them without a window.

These are internal figures: exact, nothing suppressed. What is published goes through
intake/report_tables.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from intake.statistics import UNKNOWN, CaseFilter, Excluded, Population, Table, count, select
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
    population: Population, chosen: CaseFilter, unit: str, vocab: Vocabularies
) -> DashboardFigures:
    cases = select(population, chosen, vocab)
    prosecuted = [
        doc
        for doc in cases
        if {vocab.group_of("violation", code) for code in doc.get("violations", [])} & PROSECUTION_GROUPS
    ]
    prosecutions = count(prosecuted, ("violation", "year"), unit, vocab)
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
        excluded=population.excluded,
        by_group_and_year=count(cases, ("violation_group", "year"), unit, vocab),
        by_violation=count(cases, ("violation",), unit, vocab),
        by_district=count(cases, ("district",), unit, vocab),
        by_subject=count(cases, ("subject",), unit, vocab),
        by_perpetrator_group=count(cases, ("perpetrator_group",), unit, vocab),
        by_perpetrator=count(cases, ("perpetrator",), unit, vocab),
        by_bias=count(cases, ("bias",), unit, vocab),
        funnel=police_funnel(cases),
        followups=count_followups(cases),
        prosecutions=prosecutions,
    )


def police_funnel(cases: Sequence[Mapping[str, Any]]) -> Funnel:
    reached: Counter[str] = Counter()
    not_recorded = 0
    for doc in cases:
        steps = REACHED.get(str(doc.get("police_stage") or ""))
        if steps is None:
            not_recorded += 1
        else:
            reached.update(steps)
    return Funnel(tuple((step, reached[step]) for step in FUNNEL_STEPS), not_recorded)


def count_followups(cases: Sequence[Mapping[str, Any]]) -> Table:
    """Follow-up actions by need and status; "done" is help delivered. The unit is the follow-up
    (a case can have several), the total their number."""
    cells: Counter[tuple[str, ...]] = Counter()
    for doc in cases:
        for followup in doc.get("followups", []):
            cells[(str(followup.get("need") or UNKNOWN), str(followup.get("status") or UNKNOWN))] += 1
    return Table(("need", "followup_status"), "followups", dict(cells), sum(cells.values()))
