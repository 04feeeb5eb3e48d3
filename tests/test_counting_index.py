"""CountingIndex (the dashboard's fast path) gives exactly what statistics.select and count give,
for every dimension, pair of dimensions, unit and filter, over generated populations with odd
shapes (no acts, unknown codes, missing dates, victims without acts, acts with their own dates)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from intake.counting_index import CountingIndex
from intake.dashboard_figures import dashboard_figures, police_funnel
from intake.statistics import DIMENSIONS, UNITS, CaseFilter, Population, count, select
from intake.vocabulary import Vocabularies, default_vocabularies


@pytest.fixture(scope="module")
def vocab() -> Vocabularies:
    return default_vocabularies()


def _population(vocab: Vocabularies, size: int, seed: int) -> Population:
    rng = random.Random(seed)

    def codes(name: str) -> list[str]:
        return [t.code for t in vocab.terms(name)] + ["X.UNKNOWN"]  # a code from a newer vocabulary

    violations, perpetrators, biases = codes("violation"), codes("perpetrator"), codes("bias")
    stages = [*codes("police_stage"), None]
    places = [(d.code, s.code) for d in vocab.districts() for s in vocab.subjects(d.code)] + [(None, None)]
    dates = [None, "2021", "2022-07", "2023-02-14", "2024-12", "2026-01-01"]
    cases: list[dict[str, Any]] = []
    for n in range(size):
        district, subject = rng.choice(places)
        own = rng.sample(violations, rng.randint(0, 3))
        persons = [
            {"id": f"p{k}", "role": rng.choice(["victim", "victim", "witness"])}
            for k in range(rng.randint(0, 3))
        ]
        acts = [
            {
                "victim": rng.choice([*(p["id"] for p in persons), None]),
                "type": rng.choice([*own, None]) if own else None,
                "date": rng.choice([None, {"date": "2019-05", "precision": "month"}]),
            }
            for _ in range(rng.randint(0, 3))
        ]
        date = rng.choice(dates)
        cases.append(
            {
                "_id": f"{n:036d}",
                "occurred": {"date": date, "precision": "year"} if date else None,
                "district": district,
                "subject": subject,
                "violations": own,
                "bias_motivations": rng.sample(biases, rng.randint(0, 2)),
                "police_stage": rng.choice(stages),
                "persons": persons,
                "acts": acts,
                "perpetrators": rng.sample(perpetrators, rng.randint(0, 2)),
                "sources": rng.sample(["SRC.VICTIM", "SRC.WITNESS", "SRC.MEDIA"], rng.randint(0, 2)),
                "followups": [
                    {"need": rng.choice(["N.LEGAL", "N.PSY", None]), "status": rng.choice(["open", "done"])}
                    for _ in range(rng.randint(0, 2))
                ],
            }
        )
    return Population(tuple(cases), ())


FILTERS = [
    CaseFilter(),
    CaseFilter(districts=frozenset({"CFD", "VFD"})),
    CaseFilter(date_from="2022-01-01"),
    CaseFilter(date_to="2023-12-31"),
    CaseFilter(date_from="2022-03-01", date_to="2024-06-30", groups=frozenset({"physical", "extremism"})),
    CaseFilter(source_types=frozenset({"SRC.MEDIA"})),
]
PAIRS = [
    ("violation_group", "year"),
    ("violation", "year"),
    ("district", "perpetrator_group"),
    ("year", "bias"),
]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_index_counts_exactly_as_the_reference(vocab: Vocabularies, seed: int) -> None:
    population = _population(vocab, 600, seed)
    index = CountingIndex(population, vocab)
    for chosen in FILTERS:
        positions = index.positions(chosen)
        reference = select(population, chosen, vocab)
        assert [population.cases[p] for p in positions] == reference
        for unit in UNITS:
            for by in [*((name,) for name in DIMENSIONS), *PAIRS]:
                fast, slow = index.count(positions, by, unit), count(reference, by, unit, vocab)
                assert (fast.cells, fast.total) == (slow.cells, slow.total), (chosen, unit, by)


def test_dashboard_figures_are_the_same_from_an_index_or_a_population(vocab: Vocabularies) -> None:
    population = _population(vocab, 400, 9)
    index = CountingIndex(population, vocab)
    for unit in UNITS:
        assert dashboard_figures(index, FILTERS[1], unit, vocab) == dashboard_figures(
            population, FILTERS[1], unit, vocab
        )


def test_the_police_funnel_counts_each_case_at_every_step_it_reached(vocab: Vocabularies) -> None:
    stages = {"PS.NOT_REPORTED": 2, "PS.REFUSED": 3, "PS.CASE_DENIED": 1, "PS.VERDICT": 4, "": 5}
    table = count([], ("police_stage",), "cases", vocab)
    funnel = police_funnel(type(table)(("police_stage",), "cases", {(k,): n for k, n in stages.items()}, 15))
    assert dict(funnel.reached) == {
        "PS.NOT_REPORTED": 2,
        "PS.REPORTED": 8,  # refused (3) + case denied (1) + verdict (4)
        "PS.REGISTERED": 5,
        "PS.CASE_OPENED": 4,
        "PS.HATE_RECOGNISED": 4,
        "PS.VERDICT": 4,
    }
    assert funnel.not_recorded == 5
