"""Whose consent counts and describes a case, and what a published report may say about it:
every victim's own answer, the unsealed edit's answers too, no description that speaks to a
hidden count, and no small total stated in the text."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from crypto.kdf import MINIMUM
from intake.report_pdf import build_pdf_report
from intake.report_tables import published_tables
from intake.report_vignettes import describable
from intake.statistics import (
    CONSENT_REFUSED,
    NO_CONSENT,
    CaseFilter,
    Population,
    consent_problem,
    load_population,
)
from intake.vault import create_vault
from intake.vault_settings import Role
from intake.vocabulary import Vocabularies, default_vocabularies
from tests.support import PASSPHRASE
from tests.test_report_pdf import _case

STATS, PUBLICATION = "C2.STATS", "C3.PUB_ANON"


@pytest.fixture(scope="module")
def vocab() -> Vocabularies:
    return default_vocabularies()


def _answers(persons: list[tuple[str, str]], rows: list[tuple[str | None, str]]) -> dict[str, Any]:
    return {
        "persons": [{"id": pid, "role": role} for pid, role in persons],
        "consent": [{"person": pid, "scope": STATS, "status": status} for pid, status in rows],
    }


@pytest.mark.parametrize(
    ("persons", "rows", "expected"),
    [
        # Every victim granted, each for themselves.
        ([("a", "victim"), ("b", "victim")], [("a", "granted"), ("b", "granted")], None),
        # One victim said "ask later": not granted, whatever the other said.
        ([("a", "victim"), ("b", "victim")], [("a", "granted"), ("b", "ask_later")], NO_CONSENT),
        # Only a witness granted; the victim gave no answer.
        ([("a", "victim"), ("w", "witness")], [("w", "granted")], NO_CONSENT),
        # The case's own answer (no person) covers victims without one of their own...
        ([("a", "victim"), ("b", "victim")], [(None, "granted")], None),
        # ...but not a victim whose own answer is "ask later".
        ([("a", "victim"), ("b", "victim")], [(None, "granted"), ("b", "ask_later")], NO_CONSENT),
        # A refusal or withdrawal by anyone stops the case.
        ([("a", "victim"), ("w", "witness")], [("a", "granted"), ("w", "refused")], CONSENT_REFUSED),
        ([("a", "victim")], [("a", "withdrawn")], CONSENT_REFUSED),
        # No victim recorded: a grant, and nothing but grants.
        ([("r", "reporter")], [("r", "granted")], None),
        ([("r", "reporter"), ("w", "witness")], [("r", "granted"), ("w", "ask_later")], NO_CONSENT),
        ([], [], NO_CONSENT),
    ],
)
def test_consent_is_each_victim_s_own(
    persons: list[tuple[str, str]], rows: list[tuple[str | None, str]], expected: str | None
) -> None:
    assert consent_problem(_answers(persons, rows), STATS) == expected


def test_a_withdrawal_in_an_unsealed_edit_stops_counting_and_describing(
    tmp_path: Path, vocab: Vocabularies
) -> None:
    with create_vault(tmp_path / "v", PASSPHRASE, Role.COORDINATOR, params=MINIMUM) as vault:
        ids = []
        for n in range(80):
            case_id = vault.store.create_case(_case(n, publication=n < 3)).case_id
            vault.store.seal(case_id)
            ids.append(case_id)
        before = load_population(vault.connection)
        tables = published_tables(before.cases, vocab)
        assert len(describable(before.cases, tables, vocab)[0]) == 3

        edited = vault.store.get(ids[0]).content
        for row in edited["consent"]:
            row["status"] = "withdrawn"
        vault.store.save_draft(ids[0], edited)  # autosaved, not sealed
        after = load_population(vault.connection)
        assert {e.case_id: e.reason for e in after.excluded} == {ids[0]: CONSENT_REFUSED}
        assert ids[0] not in {doc["_id"] for doc in after.cases}

        publication_only = vault.store.get(ids[1]).content
        publication_only["consent"] = [r for r in publication_only["consent"] if r["scope"] == STATS]
        vault.store.save_draft(ids[1], publication_only)  # the grant to describe it is gone
        again = load_population(vault.connection)
        described, held_back = describable(again.cases, published_tables(again.cases, vocab), vocab)
        assert [doc["_id"] for doc in described] == [ids[2]] and not held_back


def _facts(n: int, district: str, *, publication: bool) -> dict[str, Any]:
    consent = [{"person": "v", "scope": STATS, "status": "granted"}]
    if publication:
        consent.append({"person": "v", "scope": PUBLICATION, "status": "granted"})
    return {
        "_id": f"{n:036d}",
        "occurred": {"date": "2025-03", "precision": "month"},
        "district": district,
        "subject": None,
        "violations": ["PHY.ASLT"],
        "bias_motivations": ["B.SO"],
        "police_stage": "PS.NOT_REPORTED",
        "persons": [{"id": "v", "role": "victim"}],
        "acts": [],
        "perpetrators": ["NS.STR"],
        "sources": [],
        "consent": consent,
        "followups": [],
    }


def test_no_case_is_described_where_the_description_would_give_a_hidden_count_back(
    vocab: Vocabularies,
) -> None:
    """Central: 10 cases; Northwestern: 1; Volga: 6, all with consent to be described. The Volga
    count is hidden so that the lone Northwestern case cannot be worked out from the total; six
    Volga descriptions would show it is at least 6, and so that the Northwestern count is 1."""
    cases = [_facts(n, "CFD", publication=False) for n in range(10)]
    cases += [_facts(10, "NWFD", publication=False)]
    cases += [_facts(n, "VFD", publication=True) for n in range(11, 17)]
    tables = published_tables(cases, vocab)
    by_district = next(t.table for t in tables if t.name == "cases_by_district")
    assert by_district.cells[by_district.values.index("VFD")] in ("<5", "x")  # hidden
    described, held_back = describable(cases, tables, vocab)
    assert described == [] and held_back
    text = _text(build_pdf_report(Population(tuple(cases), ()), CaseFilter(), vocab, "en"))
    assert "Volga" not in text.split("Case descriptions", 1)[1]


def _text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages).split())


def test_the_text_never_states_a_total_the_tables_hide(vocab: Vocabularies) -> None:
    cases = [_facts(n, "CFD", publication=True) for n in range(3)]
    text = _text(build_pdf_report(Population(tuple(cases), ()), CaseFilter(), vocab, "en"))
    assert "too small to state" in text and "count 3 cases" not in text
    assert "Left out" not in text


def test_a_table_of_many_years_is_laid_out_one_line_per_pair(vocab: Vocabularies) -> None:
    cases = []
    for n in range(30 * 6):
        doc = _facts(n, "CFD", publication=False)
        doc["occurred"] = {"date": str(1990 + n // 6), "precision": "year"}
        cases.append(doc)
    text = _text(build_pdf_report(Population(tuple(cases), ()), CaseFilter(), vocab, "ru"))
    assert "1990" in text and "2019" in text
