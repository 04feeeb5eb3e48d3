"""Statistics: figures checked against a fixture counted by hand, consent filtering, and small-cell
suppression that no published total can undo."""

from __future__ import annotations

import itertools
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto.kdf import MINIMUM
from intake.cell_suppression import HIDDEN, SUPPRESSED, THRESHOLD, suppress_one_way, suppress_two_way
from intake.statistics import CaseFilter, count, load_population, select
from intake.vault import Vault, create_vault
from intake.vault_settings import Role
from intake.vocabulary import Vocabularies
from tests.support import PASSPHRASE


def _id() -> str:
    return str(uuid.uuid4())


def _case(
    title: str,
    *,
    year: str,
    district: str,
    subject: str,
    violations: list[str],
    victims: int = 1,
    acts: list[tuple[int, str]] = (),  # type: ignore[assignment]
    perpetrators: list[str] = (),  # type: ignore[assignment]
    consent: str | None = "granted",
) -> dict[str, Any]:
    persons = [{"id": _id(), "pseudonym": f"ПСЕВДОНИМ-{title}-{n}", "role": "victim"} for n in range(victims)]
    persons.append({"id": _id(), "pseudonym": f"ПСЕВДОНИМ-{title}-свидетель", "role": "witness"})
    doc: dict[str, Any] = {
        "title": title,
        "occurred": {"date": year, "precision": "year"},
        "location": {"district": district, "subject": subject},
        "violations": violations,
        "persons": persons,
        "acts": [{"id": _id(), "victim": persons[v]["id"], "type": t} for v, t in acts],
        "perpetrators": [{"id": _id(), "type": p} for p in perpetrators],
    }
    if consent is not None:
        doc["consent"] = [{"scope": "C2.STATS", "status": consent, "date": "2026-01-10"}]
    return doc


# Counted by hand below each case: (cases, victims, acts) and what they fall under.
FIXTURE = [
    # 1 case, 2 victims, 3 acts; physical + threats; CFD/Moscow 2025; police + family.
    _case(
        "A",
        year="2025",
        district="CFD",
        subject="RU-MOW",
        violations=["PHY.ASLT", "THR.THREAT"],
        victims=2,
        acts=[(0, "PHY.ASLT"), (0, "THR.THREAT"), (1, "PHY.ASLT")],
        perpetrators=["ST.POL", "NS.FAM"],
    ),
    # 1 case, 1 victim, 1 act; physical; CFD/Moscow Oblast 2025; police.
    _case(
        "B",
        year="2025",
        district="CFD",
        subject="RU-MOS",
        violations=["PHY.ASLT"],
        acts=[(0, "PHY.ASLT")],
        perpetrators=["ST.POL"],
    ),
    # 1 case, 1 victim, no acts recorded; extremism; NWFD/St Petersburg 2024.
    _case("C", year="2024", district="NWFD", subject="RU-SPE", violations=["EXT.ADM"]),
    # Excluded: consent refused, no consent at all, and one withdrawn.
    _case("D", year="2025", district="CFD", subject="RU-MOW", violations=["PHY.KILL"], consent="refused"),
    _case("E", year="2025", district="CFD", subject="RU-MOW", violations=["PHY.KILL"], consent=None),
    _case("F", year="2024", district="NWFD", subject="RU-SPE", violations=["EXT.ADM"], consent="withdrawn"),
]


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with create_vault(tmp_path / "v", PASSPHRASE, Role.COORDINATOR, params=MINIMUM) as opened:
        titles = {}
        for doc in FIXTURE:
            case_id = opened.store.create_case(doc).case_id
            opened.store.seal(case_id)
            titles[case_id] = doc["title"]
        opened.titles = titles  # type: ignore[attr-defined]
        draft = opened.store.create_case(
            _case("G", year="2025", district="CFD", subject="RU-MOW", violations=[])
        )
        opened.draft_id = draft.case_id  # type: ignore[attr-defined]
        yield opened


def _titles(vault: Vault, cases: Iterable[Mapping[str, Any]]) -> list[str]:
    """The fixture titles of counted cases (what is counted holds no title: no free text)."""
    return sorted(vault.titles[doc["_id"]] for doc in cases)  # type: ignore[attr-defined]


def test_only_sealed_cases_with_statistics_consent_count_and_the_rest_say_why(vault: Vault) -> None:
    population = load_population(vault.connection)
    assert _titles(vault, population.cases) == ["A", "B", "C"]
    reasons = sorted(e.reason for e in population.excluded)
    assert reasons == [
        "no_statistics_consent",
        "not_sealed",
        "statistics_consent_refused",
        "statistics_consent_refused",
    ]
    assert vault.draft_id in {e.case_id for e in population.excluded}  # type: ignore[attr-defined]


def test_figures_match_the_hand_count(vault: Vault, vocab: Vocabularies) -> None:
    cases = select(load_population(vault.connection), CaseFilter(), vocab)
    by_group = {unit: count(cases, ["violation_group"], unit, vocab) for unit in ("cases", "victims", "acts")}
    assert by_group["cases"].cells == {("physical",): 2, ("threats",): 1, ("extremism",): 1}
    assert by_group["cases"].total == 3  # case A counts under two groups, once in the total
    # Victims: A's first victim (physical, threats), A's second (physical), B's (physical), and
    # C's, who has no acts recorded and so falls under the case's violation (extremism).
    assert by_group["victims"].cells == {("physical",): 3, ("threats",): 1, ("extremism",): 1}
    assert by_group["victims"].total == 4
    assert by_group["acts"].cells == {("physical",): 3, ("threats",): 1}
    assert by_group["acts"].total == 4

    by_region_year = count(cases, ["district", "year"], "cases", vocab)
    assert by_region_year.cells == {("CFD", "2025"): 2, ("NWFD", "2024"): 1}
    by_perpetrator = count(cases, ["perpetrator_group"], "cases", vocab)
    assert by_perpetrator.cells == {("state",): 2, ("non_state",): 1, ("",): 1}  # C: not recorded


def test_filters_narrow_the_counted_cases(vault: Vault, vocab: Vocabularies) -> None:
    population = load_population(vault.connection)
    in_2025 = select(population, CaseFilter(date_from="2025-01-01", date_to="2025-12-31"), vocab)
    assert _titles(vault, in_2025) == ["A", "B"]
    threats = select(population, CaseFilter(groups=frozenset({"threats"})), vocab)
    assert _titles(vault, threats) == ["A"]
    north = select(population, CaseFilter(districts=frozenset({"NWFD"})), vocab)
    assert _titles(vault, north) == ["C"]


def test_a_case_without_statistics_consent_never_changes_a_figure(vault: Vault, vocab: Vocabularies) -> None:
    before = count(
        select(load_population(vault.connection), CaseFilter(), vocab), ["district"], "cases", vocab
    )
    for consent in (None, "refused", "ask_later"):
        doc = _case(
            "H", year="2025", district="CFD", subject="RU-MOW", violations=["PHY.KILL"], consent=consent
        )
        vault.store.seal(vault.store.create_case(doc).case_id)
    after = count(
        select(load_population(vault.connection), CaseFilter(), vocab), ["district"], "cases", vocab
    )
    assert after == before


# -- suppression ------------------------------------------------------------------------------


def test_a_small_cell_is_hidden_and_so_is_what_would_give_it_back() -> None:
    table = suppress_one_way({"CFD": 12, "NWFD": 3, "SFD": 7}, ["CFD", "NWFD", "SFD"])
    assert table.cells == (12, SUPPRESSED, HIDDEN) and table.total == 22  # 7 goes, or 22-12-7 = 3
    assert suppress_one_way({"CFD": 12, "NWFD": 0}, ["CFD", "NWFD"]).cells == (12, 0)  # zero stays


def test_a_two_way_table_hides_enough_for_every_row_and_column() -> None:
    table = suppress_two_way(
        ["physical", "threats"],
        ["2024", "2025"],
        {("physical", "2024"): 2, ("physical", "2025"): 10, ("threats", "2024"): 8, ("threats", "2025"): 9},
    )
    assert table.cells == ((SUPPRESSED, HIDDEN), (HIDDEN, HIDDEN))
    assert table.total == 29


def _rank(rows: list[list[Fraction]]) -> int:
    """Rank by plain row reduction, written here independently of the code under test."""
    matrix = [row[:] for row in rows]
    rank, columns = 0, len(matrix[0]) if matrix else 0
    for column in range(columns):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column]), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column]:
                factor = matrix[r][column] / matrix[rank][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    return rank


def _determined(equations: list[list[Any]], hidden: set[Any]) -> set[Any]:
    """Hidden entries pinned down by the equations: adding the entry's unit vector to the
    equations (restricted to the hidden entries) does not raise the rank."""
    unknowns = sorted(hidden, key=repr)
    rows = [[Fraction(1 if key in equation else 0) for key in unknowns] for equation in equations]
    base = _rank(rows)
    return {
        key
        for i, key in enumerate(unknowns)
        if _rank([*rows, [Fraction(1 if j == i else 0) for j in range(len(unknowns))]]) == base
    }


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=4), min_size=1, max_size=4)
)
def test_no_suppressed_cell_can_be_worked_out_from_the_totals(grid: list[list[int]]) -> None:
    width = min(len(row) for row in grid)
    grid = [row[:width] for row in grid]
    rows, columns = [f"r{i}" for i in range(len(grid))], [f"c{j}" for j in range(width)]
    counts = {(r, c): grid[i][j] for i, r in enumerate(rows) for j, c in enumerate(columns)}
    table = suppress_two_way(rows, columns, counts)
    # Rebuild the entries and equations the way the published table ties them together.
    values: dict[Any, int] = dict(counts)
    for i, r in enumerate(rows):
        values[(r, "T")] = sum(grid[i])
    for j, c in enumerate(columns):
        values[("T", c)] = sum(grid[i][j] for i in range(len(rows)))
    values[("T", "T")] = sum(sum(row) for row in grid)
    every_row, every_column = [*rows, "T"], [*columns, "T"]
    equations = [[(r, c) for c in every_column] for r in every_row]
    equations += [[(r, c) for r in every_row] for c in every_column]
    shown: dict[Any, Any] = {
        (r, c): table.cells[i][j] for i, r in enumerate(rows) for j, c in enumerate(columns)
    }
    shown.update({(r, "T"): table.row_totals[i] for i, r in enumerate(rows)})
    shown.update({("T", c): table.column_totals[j] for j, c in enumerate(columns)})
    shown[("T", "T")] = table.total
    hidden = {key for key, value in shown.items() if value in (SUPPRESSED, HIDDEN)}
    assert all(shown[key] == SUPPRESSED for key in values if 0 < values[key] < THRESHOLD)  # every small one
    assert all(shown[key] == HIDDEN for key in hidden if values[key] >= THRESHOLD)  # never a false "<5"
    assert all(shown[key] == values[key] for key in values if key not in hidden)
    assert _determined(equations, hidden) == set()


def _feasible(shown: list[Any], total: Any, cap: int) -> list[tuple[int, ...]]:
    """Every assignment a reader holding a one-way table cannot rule out: "<5" is 1 to 4, "x" is
    5 or more (up to `cap`), and the cells add up to the total. Brute force, independent of the
    code under test."""
    entries = [*shown, total]
    ranges = [
        range(1, 5) if e == SUPPRESSED else range(5, cap + 1) if e == HIDDEN else range(e, e + 1)
        for e in entries
    ]
    return [a for a in itertools.product(*ranges) if sum(a[:-1]) == a[-1]]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([0, 1, 1, 2, 3, 4, 5, 6, 7, 9, 12]), min_size=1, max_size=5))
def test_a_reader_cannot_narrow_a_hidden_count_with_bounds(counts: list[int]) -> None:
    order = [f"v{n}" for n in range(len(counts))]
    table = suppress_one_way(dict(zip(order, counts, strict=True)), order)
    entries = [*table.cells, table.total]
    if not any(e in (SUPPRESSED, HIDDEN) for e in entries):
        return
    possible = _feasible(list(table.cells), table.total, cap=sum(counts) + 5)
    assert tuple([*counts, sum(counts)]) in possible  # the truth is among them
    if not any(isinstance(e, int) and e > 0 for e in entries):
        return  # all hidden: nothing is left to hide, and the markers alone bound a tiny table
    for position, entry in enumerate(entries):
        seen = {a[position] for a in possible}
        if entry == SUPPRESSED:
            assert seen == {1, 2, 3, 4}, (counts, entries, position, seen)
        elif entry == HIDDEN:
            assert len(seen) > 1, (counts, entries, position, seen)


def test_the_bounds_leaks_an_outside_review_found_are_closed() -> None:
    # Total 7, 5 shown, two "<5": both would be 1.
    table = suppress_one_way({"a": 5, "b": 1, "c": 1}, ["a", "b", "c"])
    assert len(_feasible(list(table.cells), table.total, cap=20)) > 1
    # Central 10, Northwestern 1, Volga 6: with Volga hidden as "<5"-or-more, 17 - 10 = 7 gave
    # Northwestern = 1 once Volga was known to be at least 6.
    table = suppress_one_way({"CFD": 10, "NWFD": 1, "VFD": 6}, ["CFD", "NWFD", "VFD"])
    seen = {a[1] for a in _feasible(list(table.cells), table.total, cap=30)}
    assert table.cells[1] == SUPPRESSED and seen == {1, 2, 3, 4}


def test_the_stats_command_counts_and_says_what_it_left_out(tmp_path: Path) -> None:
    from tests.test_cli import Cli

    cli = Cli(tmp_path / "home")
    cli.init("coordinator")
    for doc in FIXTURE:
        case_id = cli.ok("case", "add", stdin=json.dumps(doc, ensure_ascii=False)).strip()
        cli.ok("case", "seal", case_id)
    result = cli.json("stats", "--by", "violation_group", "--unit", "victims")
    assert {tuple(c["values"]): c["count"] for c in result["cells"]} == {
        ("physical",): 3,
        ("threats",): 1,
        ("extremism",): 1,
    }
    assert (result["total"], result["cases_counted"]) == (4, 3)
    assert result["excluded"] == {"no_statistics_consent": 1, "statistics_consent_refused": 2}
    text = cli.ok("stats", "--by", "district", "--from", "2025-01-01")
    assert "Central Federal District" in text and "Cases counted: 2." in text
    assert "not for publication" in text and "not a representative sample" in text


def test_published_csv_tables_hold_no_name_no_small_count_and_districts_only(tmp_path: Path) -> None:
    import csv

    from tests.test_cli import Cli

    cli = Cli(tmp_path / "home")
    cli.init("coordinator")
    for doc in FIXTURE * 3:  # nine counted cases: some cells reach 5, most do not
        case_id = cli.ok("case", "add", stdin=json.dumps(doc, ensure_ascii=False)).strip()
        cli.ok("case", "seal", case_id)
    out_dir = tmp_path / "report"
    out_dir.mkdir()
    said = cli.ok("report", "--csv", str(out_dir))
    assert "NOT encrypted" in said and "9 cases counted" in said
    files = sorted(out_dir.iterdir())
    assert len(files) == 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        for forbidden in ("ПСЕВДОНИМ", "RU-MOW", "Moscow", "RU-SPE", "Saint Petersburg"):
            assert forbidden not in text, (path.name, forbidden)
        for row in csv.reader(text.splitlines()[1:]):
            for value in row[1:]:
                assert not (value.isdigit() and 0 < int(value) < 5), (path.name, row)
    by_group = (out_dir / "cases_by_violation_group.csv").read_text(encoding="utf-8").splitlines()
    assert by_group[0] == "Violation group,Cases"
    # 6 physical, 3 and 3 in two groups of 9: showing 6 or 9 would bound the two small counts.
    assert "Physical violence,x" in by_group and by_group[-1] == "Total,x"
    again = cli.run("report", "--csv", str(out_dir), "--passphrase-file", str(cli.passfile))
    assert again.returncode == 2 and "already exist" in again.stderr
