"""The demo cases are valid, varied, and unmistakably fictional."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from intake.case_document import validate_case
from intake.demo_cases import demo_cases
from intake.vocabulary import default_vocabularies

# Whole values that are structured data, not text: person ids and ISO dates.
STRUCTURED = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}(-\d{2}){0,2}")
# A run of digits and the separators phone numbers are written with, holding 7 or more digits.
PHONE_LIKE = re.compile(r"\+?[\d(][\d\s().\-]{5,}\d")
EMAIL_LIKE = re.compile(r"[\w.+\-]+@[\w\-]+(\.[\w\-]+)+")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _looks_like_phone(text: str) -> bool:
    if STRUCTURED.fullmatch(text):
        return False
    return any(sum(ch.isdigit() for ch in match.group()) >= 7 for match in PHONE_LIKE.finditer(text))


def test_there_are_fourteen() -> None:
    assert len(demo_cases()) == 14


@pytest.mark.parametrize("index", range(14))
def test_each_case_validates(index: int) -> None:
    doc = demo_cases()[index]
    normalized = validate_case(doc, default_vocabularies())
    assert normalized["title"] == doc["title"]
    assert len(normalized["persons"]) == len(doc["persons"])


def test_titles_are_marked_demo() -> None:
    for doc in demo_cases():
        assert doc["title"].startswith(("[DEMO] ", "[ДЕМО] "))
        russian = doc["title"].startswith("[ДЕМО] ")
        assert bool(CYRILLIC.search(doc["title"][7:])) == russian


def test_persons_are_demo_pseudonyms_with_placeholder_identities() -> None:
    for doc in demo_cases():
        for person in doc["persons"]:
            assert person["pseudonym"].startswith(("Demo ", "Демо-"))
            for value in person["identifying"].values():
                assert value in ("", "(fictional)", "(вымышлено)")
        assert doc["location"]["address"] in ("(fictional)", "(вымышлено)")


def test_variety() -> None:
    cases = demo_cases()
    precisions = {doc["occurred"]["precision"] for doc in cases if doc.get("occurred")}
    assert len(precisions) >= 3
    assert precisions == {"exact", "month", "year", "estimate"}
    years = {doc["occurred"]["date"][:4] for doc in cases}
    assert {"2023", "2024", "2025", "2026"} <= years
    russian = sum(doc["title"].startswith("[ДЕМО] ") for doc in cases)
    assert 5 <= russian <= 9
    vocab = default_vocabularies()
    groups = {vocab.group_of("violation", code) for doc in cases for code in doc["violations"]}
    assert {"physical", "threats", "propaganda", "extremism", "police", "family", "discrimination"} <= groups
    assert "detention" in groups
    districts = {vocab.district_of(doc["location"]["subject"]) for doc in cases}
    assert len(districts) >= 6
    assert any(len([p for p in doc["persons"] if p.get("role", "victim") == "victim"]) > 1 for doc in cases)
    assert any(c["status"] == "refused" for doc in cases for c in doc["consent"])
    without_stats = [
        doc
        for doc in cases
        if not any(c["scope"] == "C2.STATS" and c["status"] == "granted" for c in doc["consent"])
    ]
    assert len(without_stats) >= 3
    assert sum(bool(doc.get("submissions")) for doc in cases) >= 4


def test_nothing_looks_like_a_phone_number_or_email() -> None:
    for doc in demo_cases():
        for text in _strings(doc):
            assert not _looks_like_phone(text), "phone-like text in a demo case"
            assert not EMAIL_LIKE.search(text), "e-mail-like text in a demo case"


def test_detectors_work() -> None:
    assert _looks_like_phone("+7 (900) 123-45-67")
    assert _looks_like_phone("89001234567")
    assert _looks_like_phone("123-45-67")
    assert not _looks_like_phone("2024-03-15")
    assert not _looks_like_phone("00000000-0000-4000-8000-000000000001")
    assert not _looks_like_phone("КоАП 6.21 ч. 2")
    assert EMAIL_LIKE.search("someone@example.org")


def test_returns_fresh_copies() -> None:
    first = demo_cases()
    first[0]["title"] = "changed"
    assert demo_cases()[0]["title"] != "changed"
