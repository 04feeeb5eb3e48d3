"""Counting cases for monitoring reports: which cases count, and how many of a unit fall under each
value of one or more dimensions (decision 0016).

Which cases count: the newest sealed revision of every case the vault holds (its own, and those
merged from bundles; quarantined revisions are not in the store), whose consent covers anonymous
statistics (`consent_problem`: every victim's own answer grants it), in the sealed revision and in
any unsealed edit of it, where a withdrawal may already be recorded. Every other case is listed
as excluded with its reason, so a report can say what it leaves out. Drafts that were never
sealed are not evidence yet and are excluded too.

What is counted (the unit), explicitly, because the three answer different questions:
- cases: one per case;
- victims: one per person recorded as a victim;
- acts: one per act (a victim and what was done to them).

A case (or victim) with two violations counts under both: the rows of such a table add up to
more than its total, and the total is the number of distinct units. No figure here is
suppressed; publishing goes through intake/cell_suppression.py.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from intake.database import Connection
from intake.gc_pause import gc_paused
from intake.vocabulary import Vocabularies

STATISTICS_CONSENT = "C2.STATS"
UNITS = ("cases", "victims", "acts")
NOT_SEALED, NO_CONSENT, CONSENT_REFUSED = "not_sealed", "no_statistics_consent", "statistics_consent_refused"
UNKNOWN = ""  # the value of a dimension a case does not record


@dataclass(frozen=True)
class Excluded:
    case_id: str
    reason: str  # NOT_SEALED, NO_CONSENT or CONSENT_REFUSED


@dataclass(frozen=True)
class Population:
    """The cases that count (their sealed content), and those that do not, with the reason."""

    cases: tuple[Mapping[str, Any], ...]
    excluded: tuple[Excluded, ...]


@dataclass(frozen=True)
class CaseFilter:
    """Which counted cases a table covers. Dates compare with the first day the case's date of
    occurrence covers (a case known only by its year falls in that year's first day)."""

    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None
    districts: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()  # violation groups
    source_types: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Table:
    """Counts of `unit` by the values of `by` (one tuple of values per cell), and the number of
    distinct units in all (not the sum of the cells when a dimension has several values)."""

    by: tuple[str, ...]
    unit: str
    cells: Mapping[tuple[str, ...], int]
    total: int
    notes: tuple[str, ...] = field(default=())


def load_population(conn: Connection) -> Population:
    """Read from case_statistics (schemas 7 and 8): the counted fields of each case's newest
    sealed revision, kept by triggers, so counting never parses whole documents; and the consent
    answers of any unsealed edit (case_draft_consent), which must allow it too."""
    rows = conn.execute(
        "SELECT s.case_id, s.facts, d.facts FROM case_statistics AS s "
        "LEFT JOIN case_draft_consent AS d ON d.case_id = s.case_id ORDER BY s.case_id"
    ).fetchall()
    drafts = conn.execute(
        "SELECT DISTINCT case_id FROM case_revision "
        "WHERE case_id NOT IN (SELECT case_id FROM case_statistics) ORDER BY case_id"
    ).fetchall()
    cases: list[Mapping[str, Any]] = []
    excluded = [Excluded(str(row[0]), NOT_SEALED) for row in drafts]
    with gc_paused():
        for case_id, facts, draft in rows:
            doc = json.loads(facts)
            reason = consent_problem(doc, STATISTICS_CONSENT)
            if draft is not None:
                doc["_draft"] = json.loads(draft)
                reason = reason or consent_problem(doc["_draft"], STATISTICS_CONSENT)
            if reason is None:
                doc["_id"] = str(case_id)
                cases.append(doc)
            else:
                excluded.append(Excluded(str(case_id), reason))
    return Population(tuple(cases), tuple(excluded))


def consent_problem(doc: Mapping[str, Any], scope: str) -> str | None:
    """Why the consent recorded in `doc` (a case's persons and consent rows) does not cover
    `scope`, or None if it does.

    Consent is each person's own. A refusal or withdrawal by anyone in the case stops it. Then
    every victim must have granted it: by their own answer, or, where they have none, by the
    case's (a row with no person, given e.g. by the reporter); a victim who answered "ask later"
    has not granted it. A case with no victim recorded needs a grant and nothing but grants."""
    rows = [row for row in doc.get("consent", []) if row.get("scope") == scope]
    if any(row.get("status") in ("refused", "withdrawn") for row in rows):
        return CONSENT_REFUSED
    own = {row.get("person"): row.get("status") for row in rows}
    victims = [person.get("id") for person in doc.get("persons", []) if person.get("role") == "victim"]
    if victims:
        granted = all(own.get(victim, own.get(None)) == "granted" for victim in victims)
    else:
        granted = bool(rows) and all(row.get("status") == "granted" for row in rows)
    return None if granted else NO_CONSENT


def occurred_start(doc: Mapping[str, Any]) -> str | None:
    occurred = doc.get("occurred")
    if not isinstance(occurred, Mapping) or not isinstance(occurred.get("date"), str):
        return None
    text = str(occurred["date"])
    return {4: text + "-01-01", 7: text + "-01"}.get(len(text), text)


def select(population: Population, chosen: CaseFilter, vocab: Vocabularies) -> list[Mapping[str, Any]]:
    """The counted cases the filter covers."""
    return [population.cases[n] for n in select_positions(population, chosen, vocab)]


def select_positions(population: Population, chosen: CaseFilter, vocab: Vocabularies) -> list[int]:
    """Where the cases the filter covers are in population.cases."""
    kept = []
    for position, doc in enumerate(population.cases):
        start = occurred_start(doc)
        if chosen.date_from and (start is None or start < chosen.date_from):
            continue
        if chosen.date_to and (start is None or start > chosen.date_to):
            continue
        if chosen.districts and doc.get("district") not in chosen.districts:
            continue
        if (
            chosen.groups
            and not {vocab.group_of("violation", c) for c in doc.get("violations", [])} & chosen.groups
        ):
            continue
        if chosen.source_types and not set(doc.get("sources", [])) & chosen.source_types:
            continue
        kept.append(position)
    return kept


# -- dimensions ------------------------------------------------------------------------------
# Each gives the values one unit falls under: for a case, for a victim of that case, for an act.

Values = Callable[[Mapping[str, Any], Mapping[str, Any] | None, Vocabularies], set[str]]


def _case_codes(key: str) -> Values:
    def values(doc: Mapping[str, Any], _part: Mapping[str, Any] | None, _vocab: Vocabularies) -> set[str]:
        found = doc.get(key)
        if isinstance(found, list):
            return {str(v) for v in found} or {UNKNOWN}
        return {str(found)} if found else {UNKNOWN}

    return values


def _violations(doc: Mapping[str, Any], part: Mapping[str, Any] | None, _vocab: Vocabularies) -> set[str]:
    """An act's own type; a victim's: the types of the acts against them, else the case's."""
    if part is not None and "type" in part and "victim" in part:
        return {str(part["type"])} if part.get("type") else {UNKNOWN}
    if part is not None:
        own = {
            str(a["type"]) for a in doc.get("acts", []) if a.get("victim") == part.get("id") and a.get("type")
        }
        if own:
            return own
    return {str(v) for v in doc.get("violations", [])} or {UNKNOWN}


def _groups(doc: Mapping[str, Any], part: Mapping[str, Any] | None, vocab: Vocabularies) -> set[str]:
    return {
        vocab.group_of("violation", code) or UNKNOWN for code in _violations(doc, part, vocab) if code
    } or {UNKNOWN}


def _year(doc: Mapping[str, Any], part: Mapping[str, Any] | None, _vocab: Vocabularies) -> set[str]:
    if part is not None and isinstance(part.get("date"), Mapping) and part["date"].get("date"):
        return {str(part["date"]["date"])[:4]}
    start = occurred_start(doc)
    return {start[:4]} if start else {UNKNOWN}


def _location(key: str) -> Values:
    def values(doc: Mapping[str, Any], _part: Mapping[str, Any] | None, _vocab: Vocabularies) -> set[str]:
        found = doc.get(key)
        return {str(found)} if found else {UNKNOWN}

    return values


def _perpetrators(doc: Mapping[str, Any], _part: Mapping[str, Any] | None, _vocab: Vocabularies) -> set[str]:
    return {str(code) for code in doc.get("perpetrators", []) if code} or {UNKNOWN}


def _perpetrator_groups(
    doc: Mapping[str, Any], part: Mapping[str, Any] | None, vocab: Vocabularies
) -> set[str]:
    return {
        vocab.group_of("perpetrator", code) or UNKNOWN for code in _perpetrators(doc, part, vocab) if code
    } or {UNKNOWN}


def _needs(doc: Mapping[str, Any], _part: Mapping[str, Any] | None, _vocab: Vocabularies) -> set[str]:
    return {str(f["need"]) for f in doc.get("followups", []) if f.get("need")} or {UNKNOWN}


DIMENSIONS: dict[str, Values] = {
    "violation": _violations,
    "violation_group": _groups,
    "year": _year,
    "district": _location("district"),
    "subject": _location("subject"),
    "perpetrator": _perpetrators,
    "perpetrator_group": _perpetrator_groups,
    "bias": _case_codes("bias_motivations"),
    "police_stage": _case_codes("police_stage"),
    "need": _needs,
}


# Where a dimension's values come from: codes of a vocabulary, or the groups a vocabulary sorts
# its codes into (a district is the group of its subjects). A year is neither.
CODE_VOCABULARY = {
    "violation": "violation",
    "perpetrator": "perpetrator",
    "bias": "bias",
    "police_stage": "police_stage",
    "need": "need",
    "subject": "region",
}
GROUP_VOCABULARY = {"violation_group": "violation", "perpetrator_group": "perpetrator", "district": "region"}
# Follow-up status is not a dimension (follow-ups are counted by need and status on their own),
# but its codes are labelled and ordered the same way.
CODE_VOCABULARY["followup_status"] = "followup_status"


def value_order(dimension: str, present: Iterable[str], vocab: Vocabularies) -> list[str]:
    """The values present, in the vocabulary's order where there is one (so tables read the same
    in every report and on screen), then the rest sorted, "not recorded" last."""
    if dimension in GROUP_VOCABULARY:
        known = list(vocab.groups(GROUP_VOCABULARY[dimension]))
    elif dimension in CODE_VOCABULARY:
        known = [term.code for term in vocab.terms(CODE_VOCABULARY[dimension])]
    else:
        known = []  # a year
    values = set(present)
    ordered = [code for code in known if code in values] + sorted(values - set(known) - {UNKNOWN})
    return ordered + ([UNKNOWN] if UNKNOWN in values else [])


def members(doc: Mapping[str, Any], unit: str) -> Iterable[Mapping[str, Any] | None]:
    """The units a case holds: itself (None), its victims, or its acts."""
    if unit == "cases":
        return [None]
    if unit == "victims":
        return [p for p in doc.get("persons", []) if p.get("role") == "victim"]
    return list(doc.get("acts", []))


def count(cases: Sequence[Mapping[str, Any]], by: Sequence[str], unit: str, vocab: Vocabularies) -> Table:
    """How many `unit`s fall under each combination of values of the dimensions `by`."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    dimensions = [DIMENSIONS[name] for name in by]
    cells: Counter[tuple[str, ...]] = Counter()
    total = 0
    for doc in cases:
        for part in members(doc, unit):
            total += 1
            combos: list[tuple[str, ...]] = [()]
            for values in dimensions:
                combos = [(*combo, value) for combo in combos for value in sorted(values(doc, part, vocab))]
            for combo in combos:
                cells[combo] += 1
    return Table(tuple(by), unit, dict(cells), total)
