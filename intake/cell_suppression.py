"""Small-cell suppression for published tables (decision 0016).

A count of 1 to 4 in a published table can point at a person ("the one trans woman attacked in
that region that year"), so it is shown as "<5". Hiding it is not enough when the table also
publishes totals: the total minus the other cells gives it back. So, secondary suppression: the
table and its totals are treated as entries tied by equations (each row's cells add up to the
row's total, each column's to the column's, the totals to the grand total). More entries are
hidden, the smallest first, until no hidden entry follows from the published ones by any
combination of the equations (checked by linear algebra over the rationals).

Zero stays visible: it says nobody, which identifies no one. Tables with several values per unit
(a case with two violations) have totals that are not the sum of their cells; suppression treats
them as if they were, which only ever hides more.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

THRESHOLD = 5
SUPPRESSED = "<5"  # a count from 1 to 4
HIDDEN = "x"  # a count of 5 or more, hidden so that a small one cannot be worked out
TOTAL = "\x00total"  # the key of a total, never a value of a dimension

Shown = int | str
_K = TypeVar("_K", bound=Hashable)


@dataclass(frozen=True)
class OneWay:
    values: tuple[str, ...]
    cells: tuple[Shown, ...]
    total: Shown


@dataclass(frozen=True)
class TwoWay:
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[Shown, ...], ...]
    row_totals: tuple[Shown, ...]
    column_totals: tuple[Shown, ...]
    total: Shown


def hidden_entries(values: Mapping[_K, int], equations: Sequence[Sequence[_K]]) -> set[_K]:
    """Which entries to hide: the small ones, then enough others that no hidden entry can be
    worked out from the published ones. First the quick rule (no equation, a list of entries that
    add up with their total, has exactly one hidden entry); then, since equations combined can
    still pin an entry down, a check by linear algebra, hiding more until none is pinned down."""
    hidden = {key for key, value in values.items() if 0 < value < THRESHOLD}
    while True:
        _close_lines(values, equations, hidden)
        pinned = _pinned_down(equations, hidden) | _narrowed(values, equations, hidden)
        if not pinned:
            return hidden
        around = [k for eq in equations if pinned & set(eq) for k in eq if k not in hidden and values[k] > 0]
        # Near a pinned entry if possible; else anywhere. Hiding every non-zero entry leaves only
        # zeros published, from which no non-zero entry can follow, so this always ends.
        candidates = around or [k for k in values if k not in hidden and values[k] > 0]
        if not candidates:
            return hidden
        hidden.add(min(candidates, key=lambda k: (values[k], repr(k))))


def _close_lines(values: Mapping[_K, int], equations: Sequence[Sequence[_K]], hidden: set[_K]) -> None:
    changed = True
    while changed:
        changed = False
        for equation in equations:
            if sum(key in hidden for key in equation) != 1:
                continue
            candidates = [key for key in equation if key not in hidden and values[key] > 0]
            if candidates:
                hidden.add(min(candidates, key=lambda key: (values[key], repr(key))))
                changed = True


def _pinned_down(equations: Sequence[Sequence[_K]], hidden: set[_K]) -> set[_K]:
    """Hidden entries whose value follows from the equations and the published entries: those
    whose unit vector lies in the span of the equations restricted to the hidden entries."""
    unknowns = sorted(hidden, key=repr)
    index = {key: i for i, key in enumerate(unknowns)}
    basis: list[tuple[int, list[Fraction]]] = []  # (pivot, row), each reduced against the earlier
    for equation in equations:
        row = [Fraction(0)] * len(unknowns)
        for key in equation:
            if key in index:
                row[index[key]] = Fraction(1)
        row = _reduced(row, basis)
        pivot = next((i for i, v in enumerate(row) if v), None)
        if pivot is not None:
            basis.append((pivot, row))
    pinned = set()
    for key, i in index.items():
        probe = [Fraction(0)] * len(unknowns)
        probe[i] = Fraction(1)
        if not any(_reduced(probe, basis)):
            pinned.add(key)
    return pinned


def _reduced(row: list[Fraction], basis: Sequence[tuple[int, list[Fraction]]]) -> list[Fraction]:
    for pivot, other in basis:
        if row[pivot]:
            factor = row[pivot] / other[pivot]
            row = [a - factor * b for a, b in zip(row, other, strict=True)]
    return row


def suppress_one_way(counts: Mapping[str, int], order: Sequence[str], total: int | None = None) -> OneWay:
    values: dict[str, int] = {value: counts.get(value, 0) for value in order}
    values[TOTAL] = total if total is not None else sum(values.values())
    hidden = hidden_entries(values, [[*order, TOTAL]])
    return OneWay(
        tuple(order),
        tuple(_shown(values, value, hidden) for value in order),
        _shown(values, TOTAL, hidden),
    )


def suppress_two_way(
    rows: Sequence[str],
    columns: Sequence[str],
    counts: Mapping[tuple[str, str], int],
    *,
    row_totals: Mapping[str, int] | None = None,
    column_totals: Mapping[str, int] | None = None,
    total: int | None = None,
) -> TwoWay:
    """Totals default to the sums of the cells."""
    values: dict[tuple[str, str], int] = {(r, c): counts.get((r, c), 0) for r in rows for c in columns}
    for r in rows:
        values[(r, TOTAL)] = row_totals[r] if row_totals is not None else sum(values[(r, c)] for c in columns)
    for c in columns:
        values[(TOTAL, c)] = (
            column_totals[c] if column_totals is not None else sum(values[(r, c)] for r in rows)
        )
    values[(TOTAL, TOTAL)] = total if total is not None else sum(values[(r, TOTAL)] for r in rows)
    every_row, every_column = [*rows, TOTAL], [*columns, TOTAL]
    equations = [[(r, c) for c in every_column] for r in every_row]
    equations += [[(r, c) for r in every_row] for c in every_column]
    hidden = hidden_entries(values, equations)
    return TwoWay(
        tuple(rows),
        tuple(columns),
        tuple(tuple(_shown(values, (r, c), hidden) for c in columns) for r in rows),
        tuple(_shown(values, (r, TOTAL), hidden) for r in rows),
        tuple(_shown(values, (TOTAL, c), hidden) for c in columns),
        _shown(values, (TOTAL, TOTAL), hidden),
    )


def _shown(values: Mapping[_K, int], key: _K, hidden: set[_K]) -> Shown:
    if key not in hidden:
        return values[key]
    return SUPPRESSED if values[key] < THRESHOLD else HIDDEN


def _narrowed(values: Mapping[_K, int], equations: Sequence[Sequence[_K]], hidden: set[_K]) -> set[_K]:
    """Hidden entries a reader can narrow down with bounds: a "<5" is known to be 1 to 4 and an
    "x" at least 5 (zero is always shown), and each equation (the last entry is the total of the
    others) ties them to the published entries. The bounds are carried through the equations
    until nothing changes. A "<5" must stay anywhere from 1 to 4, and an "x" must not be pinned
    to one value. (Rank alone misses this: a row total of 7 with 5 shown and two "<5" says both
    are 1.)"""
    low: dict[_K, float] = {}
    high: dict[_K, float] = {}
    for key, value in values.items():
        if key not in hidden:
            low[key] = high[key] = value
        elif value < THRESHOLD:
            low[key], high[key] = 1, THRESHOLD - 1
        else:
            low[key], high[key] = THRESHOLD, math.inf
    signed = [[(key, 1) for key in equation[:-1]] + [(equation[-1], -1)] for equation in equations]
    for _round in range(100):  # each round can only narrow; a hundred is far more than tables need
        changed = False
        for equation in signed:
            for key, sign in equation:
                if key not in hidden:
                    continue
                # sign * key = -(sum of the others): the others' bounds give the key's.
                others_low = sum(low[k] if s > 0 else -high[k] for k, s in equation if k != key)
                others_high = sum(high[k] if s > 0 else -low[k] for k, s in equation if k != key)
                lower, upper = (-others_high, -others_low) if sign > 0 else (others_low, others_high)
                if lower > low[key]:
                    low[key], changed = lower, True
                if upper < high[key]:
                    high[key], changed = upper, True
        if not changed:
            break
    return {
        key
        for key in hidden
        if (values[key] < THRESHOLD and (low[key], high[key]) != (1, THRESHOLD - 1)) or low[key] >= high[key]
    }
