"""The values every unit of a population falls under, worked out once, so that a dashboard
refresh (another filter, another unit) only selects and adds up (decision 0016).

`count` and `select` in intake/statistics.py are the reference: for the same cases, dimensions
and unit, CountingIndex gives the same Table (tested over generated populations). Working the
values out is most of the cost of counting, and it does not change while a population is open.

Two things make it fast enough for 100,000 cases. Values are kept as columns, one per dimension,
holding each case's values as a tuple, so adding up is Counter over chain and map, which run in
C. And a column is worked out in one pass of its own, with the derived ones (groups, years)
looked up per distinct value rather than worked out per case: a case's ten dimensions through
the generic dimension functions cost more than a second in calls alone.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import chain, product
from typing import Any, TypeVar

from intake.gc_pause import gc_paused
from intake.statistics import DIMENSIONS, UNITS, UNKNOWN, CaseFilter, Population, Table, occurred_start
from intake.vocabulary import Vocabularies

_NAMES = tuple(DIMENSIONS)
_POSITION = {name: n for n, name in enumerate(_NAMES)}
# The dimensions whose values differ between the victims or acts of one case come first.
assert _NAMES[:3] == ("violation", "violation_group", "year")
_VIOLATION, _GROUP, _YEAR = 0, 1, 2
_NONE = (UNKNOWN,)

Values = tuple[str, ...]
Column = list[Values]  # per case, the values it (or its victims or acts, together) falls under
_K = TypeVar("_K")


class CountingIndex:
    """Thread-safe: each unit's columns are built once, under a lock, then only read."""

    def __init__(self, population: Population, vocab: Vocabularies) -> None:
        self.population = population
        self.vocab = vocab
        self._violation_group = {t.code: t.group or UNKNOWN for t in vocab.terms("violation")}
        self._perpetrator_group = {t.code: t.group or UNKNOWN for t in vocab.terms("perpetrator")}
        self._lock = threading.Lock()
        self._ready = False
        self._cases: list[Column] = []  # one column per dimension, for the unit "cases"
        self._starts: list[str | None] = []
        self._groups: list[frozenset[str]] = []
        self._sources: list[frozenset[str]] = []
        self._followups: list[tuple[tuple[str, str], ...]] = []
        # Victims and acts: per dimension that differs from the case's (violation, group, year),
        # per case, one Values per unit; and how many units each case holds.
        self._units: dict[str, list[list[tuple[Values, ...]]]] = {}
        self._sizes: dict[str, list[int]] = {}
        self._flats: dict[tuple[str, int], Column] = {}
        self._group_memo: dict[Values, Values] = {}

    # -- selecting -------------------------------------------------------------------------

    def positions(self, chosen: CaseFilter) -> list[int]:
        """Where the cases `chosen` covers are in population.cases (as statistics.select)."""
        self._prepare()
        kept: Sequence[int] = range(len(self._starts))
        if chosen.date_from or chosen.date_to:
            low, high = chosen.date_from, chosen.date_to
            starts = self._starts
            kept = [
                p
                for p in kept
                if (s := starts[p]) is not None and (not low or s >= low) and (not high or s <= high)
            ]
        if chosen.districts:
            districts = self._cases[_POSITION["district"]]
            kept = [p for p in kept if districts[p][0] in chosen.districts]
        if chosen.groups:
            kept = [p for p in kept if self._groups[p] & chosen.groups]
        if chosen.source_types:
            kept = [p for p in kept if self._sources[p] & chosen.source_types]
        return list(kept)

    def with_groups(self, positions: Sequence[int], groups: frozenset[str]) -> list[int]:
        """Those of `positions` whose case falls under any of the violation groups."""
        self._prepare()
        return [p for p in positions if self._groups[p] & groups]

    # -- counting --------------------------------------------------------------------------

    def count(self, positions: Sequence[int], by: Sequence[str], unit: str) -> Table:
        if unit not in UNITS:
            raise ValueError(f"unknown unit {unit!r}")
        self._prepare()
        indices = [_POSITION[name] for name in by]
        if unit == "cases":
            total = len(positions)
        else:
            self._prepare_unit(unit)
            total = sum(map(self._sizes[unit].__getitem__, positions))
        if len(indices) == 1:
            column = self._flat(unit, indices[0])
            counted = Counter(chain.from_iterable(map(column.__getitem__, positions)))
            return Table(tuple(by), unit, {(value,): n for value, n in counted.items()}, total)
        if unit == "cases":
            columns = [self._cases[i] for i in indices]
            combos: Iterable[tuple[str, ...]] = chain.from_iterable(
                map(product, *(map(column.__getitem__, positions) for column in columns))
            )
        else:
            per_part = [self._per_part(unit, i) for i in indices]
            combos = chain.from_iterable(
                product(*values)
                for p in positions
                for values in zip(*(column[p] for column in per_part), strict=True)
            )
        cells: dict[tuple[str, ...], int] = dict(Counter(combos))
        return Table(tuple(by), unit, cells, total)

    def count_followups(self, positions: Sequence[int]) -> Table:
        """Follow-up actions by need and status (unit "followups"; a case can have several)."""
        self._prepare()
        counted = Counter(chain.from_iterable(map(self._followups.__getitem__, positions)))
        cells: dict[tuple[str, ...], int] = {pair: n for pair, n in counted.items()}
        return Table(("need", "followup_status"), "followups", cells, sum(counted.values()))

    # -- working the values out ------------------------------------------------------------

    def prepare(self) -> None:
        """Works the case-level values out now (they are otherwise worked out on first use)."""
        self._prepare()

    def _prepare(self) -> None:
        with self._lock, gc_paused():
            if not self._ready:
                self._index_cases(self.population.cases)
                self._ready = True

    def _index_cases(self, cases: Sequence[Mapping[str, Any]]) -> None:
        """One column per dimension, each in a pass of its own (DIMENSIONS, for a whole case)."""
        self._starts = [occurred_start(doc) for doc in cases]
        violations = [tuple(sorted({str(v) for v in doc.get("violations", [])})) or _NONE for doc in cases]
        groups = [self._grouped_violations(codes) for codes in violations]
        perpetrators = [
            tuple(sorted({str(p) for p in doc.get("perpetrators", []) if p})) or _NONE for doc in cases
        ]
        columns: dict[str, Column] = {
            "violation": violations,
            "violation_group": groups,
            "year": _derived(self._starts, lambda start: (start[:4],) if start else _NONE),
            "district": [_one(doc.get("district")) for doc in cases],
            "subject": [_one(doc.get("subject")) for doc in cases],
            "perpetrator": perpetrators,
            "perpetrator_group": _derived(
                perpetrators, lambda codes: _grouped(codes, self._perpetrator_group)
            ),
            "bias": [
                tuple(sorted({str(v) for v in doc.get("bias_motivations") or []})) or _NONE for doc in cases
            ],
            "police_stage": [_one(doc.get("police_stage")) for doc in cases],
            "need": [
                tuple(sorted({str(f["need"]) for f in doc.get("followups", []) if f.get("need")})) or _NONE
                for doc in cases
            ],
        }
        assert tuple(columns) == _NAMES
        self._cases = list(columns.values())
        self._groups = _derived(groups, lambda values: frozenset(values) - {UNKNOWN})
        self._sources = [frozenset(doc.get("sources", [])) for doc in cases]
        self._followups = [
            tuple(
                (str(f.get("need") or UNKNOWN), str(f.get("status") or UNKNOWN))
                for f in doc.get("followups", [])
            )
            for doc in cases
        ]

    def _prepare_unit(self, unit: str) -> None:
        """For victims or acts: how many each case holds, and per case, each one's violations,
        their groups and the year (the only values that differ from the case's)."""
        with self._lock, gc_paused():
            if unit in self._sizes:
                return
            make = self._victims if unit == "victims" else self._acts
            violations, years = [], []
            for doc, case_violations, case_year in zip(
                self.population.cases, self._cases[_VIOLATION], self._cases[_YEAR], strict=True
            ):
                own_violations, own_years = make(doc, case_violations, case_year)
                violations.append(own_violations)
                years.append(own_years)
            groups = [tuple(self._grouped_violations(v) for v in case) for case in violations]
            self._units[unit] = [violations, groups, years]
            self._sizes[unit] = [len(case) for case in violations]

    def _per_part(self, unit: str, dimension: int) -> list[tuple[Values, ...]]:
        """Per case, the values of each of its victims or acts."""
        if dimension <= _YEAR:
            return self._units[unit][dimension]
        sizes = self._sizes[unit]
        return [(values,) * size for values, size in zip(self._cases[dimension], sizes, strict=True)]

    def _flat(self, unit: str, dimension: int) -> Column:
        """Per case, the values of all its units together (a case's own when counting cases)."""
        if unit == "cases":
            return self._cases[dimension]
        with self._lock, gc_paused():
            key = (unit, dimension)
            if key not in self._flats:
                if dimension <= _YEAR:
                    column = [tuple(chain.from_iterable(case)) for case in self._units[unit][dimension]]
                else:
                    sizes = self._sizes[unit]
                    column = [
                        values * size for values, size in zip(self._cases[dimension], sizes, strict=True)
                    ]
                self._flats[key] = column
            return self._flats[key]

    @staticmethod
    def _victims(
        doc: Mapping[str, Any], case_violations: Values, case_year: Values
    ) -> tuple[tuple[Values, ...], tuple[Values, ...]]:
        """A victim falls under the types of the acts against them, or else the case's."""
        types: dict[Any, set[str]] = {}
        for act in doc.get("acts", []):
            if act.get("type"):
                types.setdefault(act.get("victim"), set()).add(str(act["type"]))
        violations = []
        for person in doc.get("persons", []):
            if person.get("role") == "victim":
                own = types.get(person.get("id"))
                violations.append(tuple(sorted(own)) if own else case_violations)
        return tuple(violations), (case_year,) * len(violations)

    @staticmethod
    def _acts(
        doc: Mapping[str, Any], _case_violations: Values, case_year: Values
    ) -> tuple[tuple[Values, ...], tuple[Values, ...]]:
        """An act falls under its own type, and its own date's year if it has one."""
        violations, years = [], []
        for act in doc.get("acts", []):
            violations.append((str(act["type"]),) if act.get("type") else _NONE)
            date = act.get("date")
            dated = isinstance(date, Mapping) and date.get("date")
            years.append((str(date["date"])[:4],) if dated else case_year)
        return tuple(violations), tuple(years)

    def _grouped_violations(self, codes: Values) -> Values:
        found = self._group_memo.get(codes)
        if found is None:
            found = self._group_memo[codes] = _grouped(codes, self._violation_group)
        return found


def _derived(source: Sequence[_K], work_out: Callable[[_K], Any]) -> list[Any]:
    """work_out(value) for each value, worked out once per distinct value."""
    known: dict[_K, Any] = {}
    found = []
    for value in source:
        result = known.get(value)
        if result is None:
            result = known[value] = work_out(value)
        found.append(result)
    return found


def _grouped(codes: Values, group_of: Mapping[str, str]) -> Values:
    return tuple(sorted({group_of.get(code) or UNKNOWN for code in codes if code})) or _NONE


def _one(value: Any) -> Values:
    return (str(value),) if value else _NONE
