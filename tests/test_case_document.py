"""The case document contract (docs/formats/case-document.md): validation, normalization, views."""

from __future__ import annotations

import ast
import copy
import hashlib
import json
import re
import string
import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from intake.canonical_json import canonical_json, content_hash
from intake.case_document import (
    CASE_FORMAT,
    IDENTIFYING_KEYS,
    REQUIRED_VOCABULARIES,
    CaseValidationError,
    Problem,
    date_range,
    new_case_template,
    searchable_text,
    strip_identifying,
    validate_case,
)
from intake.errors import BadInputError
from intake.i18n import load_catalog, set_language
from intake.resources import LOCALE_DIR
from intake.vocabulary import default_vocabularies

VOCAB = default_vocabularies()
ROOT = Path(__file__).resolve().parent.parent

P1 = "0b7c3f4e-8a55-4c1e-9d7a-2f0f6c1b9a01"
P2 = "5d2e9a10-3c4b-4f8e-a1b2-c3d4e5f60718"
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
# Has a space and Cyrillic, so it never looks like a code, a key or a date.
MARKER = "Zq Секретное-слово"


def full_document() -> dict[str, Any]:
    """A complete document already in normalized form, with Russian and English text."""
    return {
        "format": 1,
        "title": "Нападение у клуба / Assault outside a club",
        "occurred": {"date": "2024-03", "precision": "month"},
        "received": "2024-04-02",
        "intake_channel": "CH.HOTLINE",
        "location": {
            "country": "RU",
            "district": "CFD",
            "subject": "RU-MOS",
            "city": "Подольск",
            "address": "ул. Вымышленная, д. 1",
        },
        "place_type": "PL.PUBLIC",
        "narrative": "Двое мужчин ждали у выхода.\nTwo men were waiting at the exit; «пидоры» was shouted.",
        "violations": ["PHY.ASLT", "THR.THREAT"],
        "bias_motivations": ["B.SO"],
        "bias_indicators": ["BI.WORDS", "BI.VENUE"],
        "police_stage": "PS.REFUSED",
        "confidentiality": "internal",
        "notes": "Проверить записи камер. Check CCTV.",
        "persons": [
            {
                "id": P1,
                "pseudonym": "Алексей",
                "role": "victim",
                "counting_unit": "individual",
                "age_band": "A.25_34",
                "gender_identity": "GI.MAN",
                "sexual_orientation": "SO.GAY",
                "risk_level": "high",
                "notes": "Боится повторного нападения.",
                "identifying": {
                    "full_name": "Алексей Вымышленный",
                    "contact": "+7 900 000-00-00",
                    "date_of_birth": "1990-01-01",
                    "address": "ул. Придуманная, 5",
                    "notes": "Contact via Signal only.",
                },
            },
            {
                "id": P2,
                "pseudonym": "Witness B",
                "role": "witness",
                "counting_unit": "individual",
                "age_band": None,
                "gender_identity": None,
                "sexual_orientation": None,
                "risk_level": None,
                "notes": "",
                "identifying": dict.fromkeys(IDENTIFYING_KEYS, ""),
            },
        ],
        "acts": [
            {
                "id": "7a0c2b3d-1e4f-4a5b-8c6d-7e8f9a0b1c2d",
                "victim": P1,
                "type": "PHY.ASLT",
                "legal_qualification": "УК 116",
                "date": {"date": "2024-03-09", "precision": "exact"},
                "notes": "Удары по лицу.",
            }
        ],
        "perpetrators": [
            {
                "id": "8b1d3c4e-2f5a-4b6c-9d7e-8f9a0b1c2d3e",
                "type": "NS.STR",
                "count": 2,
                "relation": "незнакомцы",
                "notes": "около 30 лет",
            }
        ],
        "sources": [
            {
                "id": "9c2e4d5f-3a6b-4c7d-8e8f-9a0b1c2d3e4f",
                "type": "SRC.VICT",
                "connection": "first_hand",
                "reliability": "R2",
                "notes": "Звонок на горячую линию.",
            }
        ],
        "consent": [
            {
                "person": P1,
                "scope": "C1.INTERNAL",
                "status": "granted",
                "date": "2024-04-02",
                "method": "oral",
                "body": None,
                "notes": "Согласие получено по телефону.",
            },
            {
                "person": P1,
                "scope": "C4.SHARE_ANON",
                "status": "ask_later",
                "date": None,
                "method": None,
                "body": "BODY.ODIHR",
                "notes": "",
            },
            {
                "person": None,
                "scope": "C2.STATS",
                "status": "granted",
                "date": None,
                "method": "recorded",
                "body": None,
                "notes": "",
            },
        ],
        "followups": [
            {
                "id": "ad3f5e6a-4b7c-4d8e-9f0a-0b1c2d3e4f5a",
                "need": "N.LEGAL",
                "status": "in_progress",
                "notes": "Юрист на связи.",
            }
        ],
        "submissions": [
            {
                "id": "be4a6f7b-5c8d-4e9f-8a1b-1c2d3e4f5a6b",
                "body": "BODY.ODIHR",
                "date": "2024-05-01",
                "reference": "ODIHR-2024-17",
                "notes": "Отправлено в составе квартального отчёта.",
            }
        ],
    }


def _steps(path: str) -> list[str | int]:
    return [int(index) if index else key for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path)]


def set_at(doc: dict[str, Any], path: str, value: object) -> dict[str, Any]:
    *parents, last = _steps(path)
    node: Any = doc
    for step in parents:
        node = node[step]
    node[last] = value
    return doc


def delete_at(doc: dict[str, Any], path: str) -> dict[str, Any]:
    *parents, last = _steps(path)
    node: Any = doc
    for step in parents:
        node = node[step]
    del node[last]
    return doc


def get_at(doc: Any, path: str) -> Any:
    for step in _steps(path):
        doc = doc[step]
    return doc


def problems_of(doc: object) -> tuple[Problem, ...]:
    with pytest.raises(CaseValidationError) as caught:
        validate_case(doc, VOCAB)
    return caught.value.problems


def only_problem(doc: object) -> Problem:
    problems = problems_of(doc)
    assert len(problems) == 1, problems
    return problems[0]


@pytest.fixture
def russian() -> Iterator[None]:
    set_language("ru")
    try:
        yield
    finally:
        set_language("en")


# --- valid documents -------------------------------------------------------------------------


def test_full_document_round_trips() -> None:
    doc = full_document()
    normalized = validate_case(doc, VOCAB)
    assert normalized == full_document()
    assert doc == full_document(), "the input must not be changed"
    through_json = json.loads(canonical_json(normalized))
    assert validate_case(through_json, VOCAB) == normalized
    assert content_hash(validate_case(through_json, VOCAB)) == content_hash(normalized)


def test_minimal_document_gets_every_key_and_default() -> None:
    doc = validate_case({"title": "Угрозы"}, VOCAB)
    expected = new_case_template()
    expected["title"] = "Угрозы"
    assert doc == expected
    assert doc["format"] == CASE_FORMAT
    assert doc["confidentiality"] == "restricted"
    assert doc["location"] == {"country": "RU", "district": None, "subject": None, "city": "", "address": ""}
    assert list(doc) == list(full_document())


def test_nested_defaults() -> None:
    doc = validate_case(
        {
            "title": "t",
            "persons": [{"pseudonym": "A"}],
            "acts": [{"type": "PHY.ASLT"}],
            "perpetrators": [{"type": "UNK"}],
            "sources": [{"type": "SRC.WIT"}],
            "consent": [{"scope": "C2.STATS", "status": "refused"}],
            "followups": [{"need": "N.PSY"}],
            "submissions": [{"body": "BODY.COE"}],
        },
        VOCAB,
    )
    person = doc["persons"][0]
    assert person["role"] == "victim"
    assert person["counting_unit"] == "individual"
    assert person["age_band"] is None
    assert person["identifying"] == dict.fromkeys(IDENTIFYING_KEYS, "")
    assert doc["acts"][0] | {"id": None} == {
        "id": None,
        "victim": None,
        "type": "PHY.ASLT",
        "legal_qualification": "",
        "date": None,
        "notes": "",
    }
    assert doc["perpetrators"][0]["count"] is None
    assert doc["sources"][0]["connection"] == "unknown"
    assert doc["sources"][0]["reliability"] is None
    assert doc["consent"][0] == {
        "person": None,
        "scope": "C2.STATS",
        "status": "refused",
        "date": None,
        "method": None,
        "body": None,
        "notes": "",
    }
    assert doc["followups"][0]["status"] == "open"
    assert doc["submissions"][0]["date"] is None
    assert doc["submissions"][0]["reference"] == ""


def test_ids_are_generated_as_lowercase_uuid4() -> None:
    given: dict[str, Any] = {"title": "t", "persons": [{"pseudonym": "A"}, {"pseudonym": "B"}]}
    doc = validate_case(given, VOCAB)
    ids = [p["id"] for p in doc["persons"]]
    assert all(UUID_RE.fullmatch(i) for i in ids)
    assert ids[0] != ids[1]
    assert "id" not in given["persons"][0], "nothing is written back into the input"


def test_uppercase_ids_are_lowercased_with_their_references() -> None:
    upper = P1.upper()
    doc = validate_case(
        {
            "title": "t",
            "persons": [{"id": upper, "pseudonym": "A"}],
            "acts": [{"type": "PHY.ASLT", "victim": upper}],
            "consent": [{"person": upper, "scope": "C2.STATS", "status": "granted"}],
        },
        VOCAB,
    )
    assert doc["persons"][0]["id"] == P1
    assert doc["acts"][0]["victim"] == P1
    assert doc["consent"][0]["person"] == P1


def test_strings_are_nfc_normalized_and_title_trimmed() -> None:
    decomposed = unicodedata.normalize("NFD", "Йошкар-Ола, ёлка")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    doc = validate_case(
        {
            "title": f"  {decomposed}\n",
            "narrative": decomposed,
            "location": {"city": decomposed},
            "persons": [{"pseudonym": f" {decomposed} ", "identifying": {"full_name": decomposed}}],
        },
        VOCAB,
    )
    composed = "Йошкар-Ола, ёлка"
    assert doc["title"] == composed
    assert doc["narrative"] == composed
    assert doc["location"]["city"] == composed
    assert doc["persons"][0]["pseudonym"] == composed
    assert doc["persons"][0]["identifying"]["full_name"] == composed


def test_narrative_whitespace_is_kept() -> None:
    text = "  first line\n\n\tindented\n"
    assert validate_case({"title": "t", "narrative": text}, VOCAB)["narrative"] == text


def test_code_lists_are_deduplicated_in_first_occurrence_order() -> None:
    doc = validate_case(
        {"title": "t", "violations": ["THR.OUT", "PHY.ASLT", "THR.OUT", "PHY.ASLT", "SP.OFF"]}, VOCAB
    )
    assert doc["violations"] == ["THR.OUT", "PHY.ASLT", "SP.OFF"]


def messy_document() -> dict[str, Any]:
    return {
        "title": unicodedata.normalize("NFD", "  Ёж  "),
        "location": {"subject": "RU-SPE"},
        "violations": ["PHY.ASLT", "PHY.ASLT"],
        "persons": [{"id": P1.upper(), "pseudonym": "A"}, {"pseudonym": "B"}],
        "acts": [{"type": "PHY.ASLT", "victim": P1.upper()}],
    }


@pytest.mark.parametrize("make", [full_document, messy_document, lambda: {"title": "x"}])
def test_normalization_is_idempotent(make: Any) -> None:
    once = validate_case(make(), VOCAB)
    twice = validate_case(once, VOCAB)
    assert twice == once
    assert canonical_json(twice) == canonical_json(once)


def test_format_is_optional_and_always_1() -> None:
    assert validate_case({"title": "t"}, VOCAB)["format"] == 1
    assert validate_case({"title": "t", "format": 1}, VOCAB)["format"] == 1


def test_required_vocabularies_and_defaults_exist() -> None:
    for name in REQUIRED_VOCABULARIES:
        assert name in VOCAB.names()
    assert VOCAB.has("confidentiality", "restricted")
    assert VOCAB.has("counting_unit", "individual")
    assert VOCAB.has("source_connection", "unknown")
    assert VOCAB.has("followup_status", "open")
    assert {t.code for t in VOCAB.terms("date_precision")} == {"exact", "month", "year", "estimate"}


def test_template_is_normalized_and_needs_only_a_title() -> None:
    template = new_case_template()
    assert template["title"] == ""
    assert template["format"] == CASE_FORMAT
    assert problems_of(template) == (Problem("title", "the field must not be empty"),)
    template["title"] = "Новый случай"
    assert validate_case(template, VOCAB) == template
    assert new_case_template() is not new_case_template()


# --- vocabulary-typed fields -----------------------------------------------------------------

CODE_FIELDS = [
    ("intake_channel", "intake_channel"),
    ("place_type", "place_type"),
    ("violations[1]", "violation"),
    ("bias_motivations[0]", "bias"),
    ("bias_indicators[1]", "bias_indicator"),
    ("police_stage", "police_stage"),
    ("confidentiality", "confidentiality"),
    ("occurred.precision", "date_precision"),
    ("persons[1].counting_unit", "counting_unit"),
    ("persons[1].age_band", "age_band"),
    ("persons[0].gender_identity", "gender_identity"),
    ("persons[0].sexual_orientation", "sexual_orientation"),
    ("persons[0].risk_level", "risk_level"),
    ("acts[0].type", "violation"),
    ("acts[0].date.precision", "date_precision"),
    ("perpetrators[0].type", "perpetrator"),
    ("sources[0].type", "source_type"),
    ("sources[0].connection", "source_connection"),
    ("sources[0].reliability", "reliability"),
    ("consent[0].scope", "consent_scope"),
    ("consent[0].status", "consent_status"),
    ("consent[0].method", "consent_method"),
    ("consent[1].body", "body"),
    ("followups[0].need", "need"),
    ("followups[0].status", "followup_status"),
    ("submissions[0].body", "body"),
    ("location.district", "region"),
    ("location.subject", "region"),
]


@pytest.mark.parametrize(("path", "vocabulary"), CODE_FIELDS)
def test_unknown_code_is_rejected_with_its_path(path: str, vocabulary: str) -> None:
    problem = only_problem(set_at(full_document(), path, "NOPE.X"))
    assert problem == Problem(path, f"unknown code 'NOPE.X' in vocabulary '{vocabulary}'")


@pytest.mark.parametrize(("path", "vocabulary"), CODE_FIELDS)
def test_code_must_be_a_string(path: str, vocabulary: str) -> None:
    problem = only_problem(set_at(full_document(), path, 7))
    assert problem.path == path
    assert problem.message == "expected a code (a string), not an integer"


def test_code_from_another_vocabulary_is_rejected() -> None:
    problem = only_problem(set_at(full_document(), "persons[1].age_band", "GI.MAN"))
    assert problem == Problem("persons[1].age_band", "unknown code 'GI.MAN' in vocabulary 'age_band'")


def test_codes_are_case_sensitive() -> None:
    problem = only_problem(set_at(full_document(), "confidentiality", "Internal"))
    assert problem.path == "confidentiality"


@pytest.mark.parametrize(
    "path",
    [
        "confidentiality",
        "persons[0].counting_unit",
        "sources[0].connection",
        "followups[0].status",
        "persons[0].role",
    ],
)
def test_fields_with_defaults_are_not_nullable(path: str) -> None:
    problem = only_problem(set_at(full_document(), path, None))
    assert problem.path == path
    assert problem.message.endswith("not null") or problem.message == "required: choose a value"


@pytest.mark.parametrize(
    "path",
    [
        "intake_channel",
        "place_type",
        "police_stage",
        "persons[0].age_band",
        "persons[0].risk_level",
        "sources[0].reliability",
        "consent[0].method",
        "consent[0].body",
        "location.district",
        "location.subject",
        "occurred",
        "received",
        "acts[0].date",
        "acts[0].victim",
        "consent[0].person",
        "consent[0].date",
        "submissions[0].date",
        "perpetrators[0].count",
    ],
)
def test_nullable_fields_accept_null(path: str) -> None:
    doc = validate_case(set_at(full_document(), path, None), VOCAB)
    if path == "location.district":
        assert doc["location"]["district"] == "CFD", "filled in again from the subject"
    else:
        assert get_at(doc, path) is None


# --- dates -----------------------------------------------------------------------------------

PRECISION_FORMS = [
    ("2024-03-09", "exact", True),
    ("2024-03", "exact", False),
    ("2024", "exact", False),
    ("2024-03", "month", True),
    ("2024-03-09", "month", False),
    ("2024", "month", False),
    ("2024", "year", True),
    ("2024-03", "year", False),
    ("2024-03-09", "year", False),
    ("2024", "estimate", True),
    ("2024-03", "estimate", True),
    ("2024-03-09", "estimate", True),
]


@pytest.mark.parametrize(("date", "precision", "valid"), PRECISION_FORMS)
@pytest.mark.parametrize("where", ["occurred", "acts[0].date"])
def test_partial_date_form_must_match_precision(where: str, date: str, precision: str, valid: bool) -> None:
    doc = set_at(full_document(), where, {"date": date, "precision": precision})
    if valid:
        assert get_at(validate_case(doc, VOCAB), where) == {"date": date, "precision": precision}
    else:
        problem = only_problem(doc)
        assert problem.path == f"{where}.date"
        assert problem.message.startswith(f"precision '{precision}' needs")


@pytest.mark.parametrize(
    "date", ["2024-3", "24-03-01", "2024/03/01", "２０２４", "2024-03-01T00:00", "20240301", ""]
)
def test_malformed_partial_date(date: str) -> None:
    problem = only_problem(set_at(full_document(), "occurred", {"date": date, "precision": "estimate"}))
    assert problem == Problem("occurred.date", "expected a date in the form YYYY, YYYY-MM or YYYY-MM-DD")


@pytest.mark.parametrize(
    ("date", "precision"),
    [
        ("2023-02-29", "exact"),
        ("2024-02-30", "exact"),
        ("2024-04-31", "estimate"),
        ("2024-13", "month"),
        ("2024-00", "month"),
        ("0000", "year"),
    ],
)
def test_impossible_calendar_dates(date: str, precision: str) -> None:
    problem = only_problem(set_at(full_document(), "occurred", {"date": date, "precision": precision}))
    assert problem == Problem("occurred.date", f"'{date}' is not a real calendar date")


def test_leap_day_is_a_real_date() -> None:
    doc = set_at(full_document(), "occurred", {"date": "2024-02-29", "precision": "exact"})
    assert validate_case(doc, VOCAB)["occurred"]["date"] == "2024-02-29"


@pytest.mark.parametrize("path", ["received", "consent[0].date", "submissions[0].date"])
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2023-02-29", "'2023-02-29' is not a real calendar date"),
        ("2024-03", "expected a date in the form YYYY-MM-DD"),
        ("2024-3-1", "expected a date in the form YYYY-MM-DD"),
        ({"date": "2024-03-01", "precision": "exact"}, "expected a string, not an object"),
        (20240301, "expected a string, not an integer"),
    ],
)
def test_full_dates(path: str, value: object, message: str) -> None:
    assert only_problem(set_at(full_document(), path, value)) == Problem(path, message)


def test_partial_date_needs_both_keys_and_no_others() -> None:
    problems = problems_of(set_at(full_document(), "occurred", {"date": "2024", "when": "spring"}))
    assert Problem("occurred.when", "unknown key") in problems
    assert Problem("occurred.precision", "this field is required") in problems
    assert len(problems) == 2
    assert only_problem(set_at(full_document(), "occurred", "2024-03-01")) == Problem(
        "occurred", "expected an object, not a string"
    )


# --- location --------------------------------------------------------------------------------


def test_district_is_filled_in_from_subject() -> None:
    doc = validate_case({"title": "t", "location": {"subject": "RU-SPE"}}, VOCAB)
    assert doc["location"]["district"] == "NWFD"
    assert doc["location"]["subject"] == "RU-SPE"


def test_matching_district_and_subject_are_accepted() -> None:
    doc = validate_case({"title": "t", "location": {"district": "NWFD", "subject": "RU-SPE"}}, VOCAB)
    assert doc["location"]["district"] == "NWFD"


def test_district_alone_is_kept() -> None:
    doc = validate_case({"title": "t", "location": {"district": "SIBFD"}}, VOCAB)
    assert doc["location"]["district"] == "SIBFD"
    assert doc["location"]["subject"] is None


def test_district_that_contradicts_subject() -> None:
    problem = only_problem({"title": "t", "location": {"district": "SFD", "subject": "RU-MOS"}})
    assert problem == Problem(
        "location.district", "district 'SFD' does not match subject 'RU-MOS', which belongs to 'CFD'"
    )


def test_subject_in_the_district_field_and_the_other_way_round() -> None:
    problem = only_problem({"title": "t", "location": {"district": "RU-MOS"}})
    assert problem == Problem(
        "location.district", "'RU-MOS' is a federal subject, but a federal district is expected here"
    )
    problem = only_problem({"title": "t", "location": {"subject": "CFD"}})
    assert problem == Problem(
        "location.subject", "'CFD' is a federal district, but a federal subject is expected here"
    )


@pytest.mark.parametrize("country", ["ru", "RUS", "R", "", "Россия", "R1"])
def test_country_must_be_alpha2_upper_case(country: str) -> None:
    problem = only_problem(set_at(full_document(), "location.country", country))
    assert problem.path == "location.country"
    assert "ISO 3166-1" in problem.message


def test_other_country() -> None:
    assert validate_case({"title": "t", "location": {"country": "GE"}}, VOCAB)["location"]["country"] == "GE"


# --- references between records --------------------------------------------------------------


def test_act_victim_must_be_a_person_of_this_case() -> None:
    stranger = str(uuid.uuid4())
    problem = only_problem(set_at(full_document(), "acts[0].victim", stranger))
    assert problem == Problem("acts[0].victim", f"no person with id '{stranger}' in this case")


def test_consent_person_must_be_a_person_of_this_case() -> None:
    stranger = str(uuid.uuid4())
    problem = only_problem(set_at(full_document(), "consent[1].person", stranger))
    assert problem == Problem("consent[1].person", f"no person with id '{stranger}' in this case")


def test_reference_to_a_removed_person() -> None:
    doc = full_document()
    del doc["persons"][0]
    paths = {p.path for p in problems_of(doc)}
    assert paths == {"acts[0].victim", "consent[0].person", "consent[1].person"}


@pytest.mark.parametrize("path", ["acts[0].victim", "consent[0].person", "persons[0].id", "acts[0].id"])
@pytest.mark.parametrize("value", ["not-a-uuid", P1[:-1], P1 + "0", P1.replace("-", "")])
def test_ids_must_be_uuids(path: str, value: str) -> None:
    problems = problems_of(set_at(full_document(), path, value))
    assert (
        Problem(path, "not a valid id: expected a UUID such as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
        in problems
    )


@pytest.mark.parametrize("key", ["persons", "acts", "perpetrators", "sources", "followups", "submissions"])
def test_ids_are_unique_within_each_list(key: str) -> None:
    doc = full_document()
    duplicate = copy.deepcopy(doc[key][0])
    if key == "persons":
        duplicate["pseudonym"] = "Другой"
    doc[key].append(duplicate)
    index = len(doc[key]) - 1
    problem = only_problem(doc)
    assert problem == Problem(f"{key}[{index}].id", f"duplicate id: {key}[0] already has it")


def test_the_same_id_in_different_lists_is_allowed() -> None:
    doc = full_document()
    doc["acts"][0]["id"] = P2
    assert validate_case(doc, VOCAB)["acts"][0]["id"] == P2


def test_duplicate_consent_scope_for_one_person() -> None:
    doc = full_document()
    doc["consent"].append(
        {
            "person": P1,
            "scope": "C1.INTERNAL",
            "status": "refused",
            "date": None,
            "method": None,
            "body": None,
        }
    )
    problem = only_problem(doc)
    assert problem == Problem(
        "consent[3].scope",
        "duplicate consent: consent[0] already records scope 'C1.INTERNAL' for the same person",
    )


def test_duplicate_consent_scope_for_the_case_as_a_whole() -> None:
    doc = full_document()
    doc["consent"].append({"person": None, "scope": "C2.STATS", "status": "refused"})
    assert only_problem(doc) == Problem(
        "consent[3].scope",
        "duplicate consent: consent[2] already records scope 'C2.STATS' for the same person",
    )


def test_same_scope_for_different_people_is_allowed() -> None:
    doc = full_document()
    doc["consent"].append({"person": P2, "scope": "C1.INTERNAL", "status": "refused"})
    assert len(validate_case(doc, VOCAB)["consent"]) == 4


# --- unknown keys and wrong types -------------------------------------------------------------

OBJECT_PATHS = [
    "",
    "occurred",
    "location",
    "persons[0]",
    "persons[0].identifying",
    "acts[0]",
    "acts[0].date",
    "perpetrators[0]",
    "sources[0]",
    "consent[0]",
    "followups[0]",
    "submissions[0]",
]


@pytest.mark.parametrize("where", OBJECT_PATHS)
def test_unknown_keys_are_rejected_at_every_level(where: str) -> None:
    doc = full_document()
    target = get_at(doc, where) if where else doc
    target["bogus_field"] = "x"
    expected_path = f"{where}.bogus_field" if where else "bogus_field"
    assert only_problem(doc) == Problem(expected_path, "unknown key")


@pytest.mark.parametrize(
    ("where", "typo", "meant"),
    [
        ("", "titel", "title"),
        ("", "violation", "violations"),
        ("persons[0]", "pseudonim", "pseudonym"),
        ("persons[0].identifying", "fullname", "full_name"),
        ("location", "adress", "address"),
    ],
)
def test_unknown_key_suggests_the_intended_one(where: str, typo: str, meant: str) -> None:
    doc = full_document()
    target = get_at(doc, where) if where else doc
    target[typo] = target[meant]
    del target[meant]
    problems = problems_of(doc)
    expected_path = f"{where}.{typo}" if where else typo
    assert Problem(expected_path, f"unknown key; did you mean '{meant}'?") in problems


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("title", 5, "expected a string, not an integer"),
        ("title", None, "expected a string, not null"),
        ("narrative", ["a"], "expected a string, not a list"),
        ("notes", 1.5, "expected a string, not a fractional number"),
        ("violations", "PHY.ASLT", "expected a list, not a string"),
        ("persons", {}, "expected a list, not an object"),
        ("persons[1]", "Witness B", "expected an object, not a string"),
        ("persons[0].identifying", "x", "expected an object, not a string"),
        ("persons[0].identifying.contact", 79000000000, "expected a string, not an integer"),
        ("location", [], "expected an object, not a list"),
        ("location", None, "expected an object, not null"),
        ("perpetrators[0].count", True, "expected an integer, not a boolean"),
        ("perpetrators[0].count", "3", "expected an integer, not a string"),
        ("perpetrators[0].count", 2.0, "expected an integer, not a fractional number"),
        ("perpetrators[0].count", 0, "must be at least 1"),
        ("perpetrators[0].count", -4, "must be at least 1"),
        ("perpetrators[0].count", 10**7, "must be at most 1000000"),
        ("format", "1", "expected an integer, not a string"),
        ("format", True, "expected an integer, not a boolean"),
        ("format", 2, "unsupported format 2; this version of Intake reads format 1"),
        (
            "persons[0].role",
            "perpetrator",
            "unknown role 'perpetrator'; expected 'victim', 'witness' or 'reporter'",
        ),
        ("persons[0].role", "Victim", "unknown role 'Victim'; expected 'victim', 'witness' or 'reporter'"),
        ("persons[0].role", 1, "expected a string, not an integer"),
        ("persons[1].id", 123, "expected a string, not an integer"),
        ("consent[0].person", {"id": P1}, "expected a string, not an object"),
    ],
)
def test_wrong_types(path: str, value: object, message: str) -> None:
    assert only_problem(set_at(full_document(), path, value)) == Problem(path, message)


@pytest.mark.parametrize("value", [None, [], "case", 1, True])
def test_document_must_be_an_object(value: object) -> None:
    problem = only_problem(value)
    assert problem.path == ""
    assert problem.message.startswith("expected an object, not ")


def test_count_bounds_are_inclusive() -> None:
    for count in (1, 1_000_000):
        assert validate_case(set_at(full_document(), "perpetrators[0].count", count), VOCAB)


@pytest.mark.parametrize(
    "path",
    [
        "title",
        "persons[0].pseudonym",
        "acts[0].type",
        "perpetrators[0].type",
        "sources[0].type",
        "consent[0].scope",
        "consent[0].status",
        "followups[0].need",
        "submissions[0].body",
        "occurred.date",
        "occurred.precision",
    ],
)
def test_required_keys(path: str) -> None:
    assert only_problem(delete_at(full_document(), path)) == Problem(path, "this field is required")


@pytest.mark.parametrize("path", ["title", "persons[0].pseudonym"])
@pytest.mark.parametrize("value", ["", "   ", "\n\t "])
def test_required_text_must_not_be_blank(path: str, value: str) -> None:
    assert only_problem(set_at(full_document(), path, value)) == Problem(path, "the field must not be empty")


LENGTH_LIMITS = [
    ("title", 300),
    ("persons[0].pseudonym", 1000),
    ("location.city", 1000),
    ("location.address", 1000),
    ("persons[0].identifying.full_name", 1000),
    ("persons[0].identifying.contact", 1000),
    ("persons[0].identifying.date_of_birth", 1000),
    ("persons[0].identifying.address", 1000),
    ("acts[0].legal_qualification", 1000),
    ("perpetrators[0].relation", 1000),
    ("submissions[0].reference", 1000),
    ("narrative", 200_000),
    ("notes", 200_000),
    ("persons[0].notes", 200_000),
    ("persons[0].identifying.notes", 200_000),
    ("acts[0].notes", 200_000),
    ("perpetrators[0].notes", 200_000),
    ("sources[0].notes", 200_000),
    ("consent[0].notes", 200_000),
    ("followups[0].notes", 200_000),
    ("submissions[0].notes", 200_000),
]


@pytest.mark.parametrize(("path", "limit"), LENGTH_LIMITS)
def test_length_limits(path: str, limit: int) -> None:
    at_limit = validate_case(set_at(full_document(), path, "ж" * limit), VOCAB)
    assert get_at(at_limit, path) == "ж" * limit
    problem = only_problem(set_at(full_document(), path, "ж" * (limit + 1)))
    assert problem == Problem(path, f"too long: at most {limit} characters, got {limit + 1}")


def test_length_is_counted_after_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "й") * 300
    assert len(decomposed) == 600
    assert validate_case({"title": decomposed}, VOCAB)["title"] == "й" * 300


def test_lone_surrogates_are_rejected() -> None:
    doc = json.loads('{"title": "t", "narrative": "broken \\ud800 text"}')
    assert only_problem(doc) == Problem("narrative", "contains characters that are not valid Unicode text")


# --- the error itself ------------------------------------------------------------------------


def test_all_problems_are_collected_in_document_order() -> None:
    doc = full_document()
    set_at(doc, "persons[1].age_band", "X")
    set_at(doc, "title", "")
    set_at(doc, "followups[0].status", "closed")
    with pytest.raises(CaseValidationError) as caught:
        validate_case(doc, VOCAB)
    error = caught.value
    assert error.problems == (
        Problem("title", "the field must not be empty"),
        Problem("persons[1].age_band", "unknown code 'X' in vocabulary 'age_band'"),
        Problem("followups[0].status", "unknown code 'closed' in vocabulary 'followup_status'"),
    )
    assert str(error).splitlines() == [
        "The case is not valid (3 problems):",
        "  title: the field must not be empty",
        "  persons[1].age_band: unknown code 'X' in vocabulary 'age_band'",
        "  followups[0].status: unknown code 'closed' in vocabulary 'followup_status'",
    ]
    assert isinstance(error, BadInputError)
    assert error.exit_code == 2


def test_summary_for_one_problem_and_for_the_root() -> None:
    with pytest.raises(CaseValidationError) as caught:
        validate_case([], VOCAB)
    assert str(caught.value) == "The case is not valid (1 problem):\n  expected an object, not a list"


def _marked_invalid_document() -> dict[str, Any]:
    """Every way a free-text value can end up in an invalid spot, each carrying MARKER."""
    long_marker = (MARKER + " ") * 30_000
    doc = full_document()
    doc["title"] = (MARKER + " ") * 30
    doc["narrative"] = long_marker
    doc["notes"] = MARKER + "\ud800"
    doc[MARKER] = "x"
    doc["location"]["country"] = MARKER
    doc["location"]["subject"] = MARKER
    doc["location"]["city"] = long_marker
    doc["occurred"] = {"date": MARKER, "precision": MARKER}
    doc["received"] = MARKER
    doc["violations"].append(MARKER)
    doc["persons"][0]["id"] = MARKER
    doc["persons"][0]["pseudonym"] = long_marker
    doc["persons"][0]["role"] = MARKER
    doc["persons"][0]["age_band"] = MARKER
    doc["persons"][0]["identifying"]["full_name"] = long_marker
    doc["persons"][0]["identifying"][MARKER] = MARKER
    doc["acts"][0]["victim"] = MARKER
    doc["acts"][0]["legal_qualification"] = long_marker
    doc["perpetrators"][0]["count"] = MARKER
    doc["consent"][0]["person"] = MARKER
    doc["consent"][0]["scope"] = MARKER
    doc["submissions"][0]["reference"] = long_marker
    return doc


@pytest.mark.parametrize("language", ["en", "ru"])
def test_messages_never_echo_free_text(language: str) -> None:
    set_language(language)
    try:
        with pytest.raises(CaseValidationError) as caught:
            validate_case(_marked_invalid_document(), VOCAB)
    finally:
        set_language("en")
    error = caught.value
    assert len(error.problems) >= 20
    for fragment in ("Zq", "Секретное"):
        assert fragment not in str(error)
        assert all(fragment not in p.path and fragment not in p.message for p in error.problems)


def test_a_key_that_is_not_a_field_name_is_not_shown() -> None:
    doc = full_document()
    doc["Иван Петров"] = "x"
    assert only_problem(doc) == Problem(
        "?", "unknown key (its name is not shown: it does not look like a field name)"
    )


def test_a_value_that_is_not_a_code_is_not_shown() -> None:
    problem = only_problem(set_at(full_document(), "persons[0].age_band", "Иван, 34 года"))
    assert problem == Problem(
        "persons[0].age_band",
        "unknown code in vocabulary 'age_band' (not shown: it does not look like a code)",
    )


# --- translation -----------------------------------------------------------------------------


@pytest.mark.usefixtures("russian")
def test_messages_are_translated() -> None:
    doc = set_at(full_document(), "persons[1].age_band", "X")
    set_at(doc, "title", 5)
    with pytest.raises(CaseValidationError) as caught:
        validate_case(doc, VOCAB)
    assert str(caught.value).splitlines() == [
        "Случай не прошёл проверку (2 ошибки):",
        "  title: ожидалась строка, а не целое число",
        "  persons[1].age_band: неизвестный код «X» в словаре «age_band»",
    ]


@pytest.mark.usefixtures("russian")
@pytest.mark.parametrize(
    ("count", "word"), [(1, "ошибка"), (3, "ошибки"), (5, "ошибок"), (11, "ошибок"), (21, "ошибка")]
)
def test_russian_plural_of_the_summary(count: int, word: str) -> None:
    doc = full_document()
    for index in range(count):
        doc[f"extra_{index}"] = 1
    with pytest.raises(CaseValidationError) as caught:
        validate_case(doc, VOCAB)
    assert str(caught.value).splitlines()[0] == f"Случай не прошёл проверку ({count} {word}):"


def _msgids(source: Path) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("_", "ngettext")
        ):
            literals = tuple(arg.value for arg in node.args if isinstance(arg, ast.Constant))
            # Only literal strings can be extracted for translators; a variable here would be missed.
            assert literals and all(isinstance(text, str) for text in literals), ast.dump(node)
            found.append(tuple(str(text) for text in literals))
    return found


def _placeholders(text: str) -> set[str]:
    return {name for _t, name, _f, _c in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize(
    "module", ["intake/case_document.py", "intake/vocabulary.py", "intake/canonical_json.py"]
)
def test_russian_catalog_translates_every_message(module: str) -> None:
    assert (LOCALE_DIR / "ru" / "case_document.po").is_file()
    catalog = load_catalog("ru")
    for msgid in _msgids(ROOT / module):
        translated = catalog.get(msgid[0])
        assert translated, f"no Russian translation for {msgid[0]!r}"
        forms = translated if isinstance(translated, list) else [translated]
        assert len(forms) == len(msgid) or (len(msgid) == 2 and len(forms) == 3)
        for form in forms:
            assert _placeholders(form) == _placeholders(msgid[0]), msgid[0]
            assert not re.search(r"\bты\b", form, re.IGNORECASE), "neutral register, not ты"


# --- date_range ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "precision", "first", "last"),
    [
        ("2024-03-09", "exact", "2024-03-09", "2024-03-09"),
        ("2024-02", "month", "2024-02-01", "2024-02-29"),
        ("2023-02", "month", "2023-02-01", "2023-02-28"),
        ("2000-02", "month", "2000-02-01", "2000-02-29"),
        ("1900-02", "month", "1900-02-01", "1900-02-28"),
        ("2024-04", "month", "2024-04-01", "2024-04-30"),
        ("2024-12", "month", "2024-12-01", "2024-12-31"),
        ("2024", "year", "2024-01-01", "2024-12-31"),
        ("2024-02-29", "estimate", "2024-02-29", "2024-02-29"),
        ("2023-02", "estimate", "2023-02-01", "2023-02-28"),
        ("1999", "estimate", "1999-01-01", "1999-12-31"),
        ("0001", "year", "0001-01-01", "0001-12-31"),
    ],
)
def test_date_range(date: str, precision: str, first: str, last: str) -> None:
    assert date_range({"date": date, "precision": precision}) == (first, last)


def test_date_range_of_nothing() -> None:
    assert date_range(None) is None


@pytest.mark.parametrize("date", ["2023-02-29", "2024-13", "24", "soon", ""])
def test_date_range_refuses_malformed_dates(date: str) -> None:
    with pytest.raises(ValueError, match="not a partial date"):
        date_range({"date": date, "precision": "estimate"})


# --- searchable_text ---------------------------------------------------------------------------

OTHER_TEXT_FIELDS = [
    "notes",
    "location.city",
    "location.address",
    "persons[0].pseudonym",
    "persons[1].notes",
    *(f"persons[1].identifying.{key}" for key in IDENTIFYING_KEYS),
    "acts[0].legal_qualification",
    "acts[0].notes",
    "perpetrators[0].relation",
    "perpetrators[0].notes",
    "sources[0].notes",
    "consent[2].notes",
    "followups[0].notes",
    "submissions[0].reference",
    "submissions[0].notes",
]


@pytest.mark.parametrize("path", OTHER_TEXT_FIELDS)
def test_searchable_text_includes_every_text_field(path: str) -> None:
    doc = validate_case(set_at(full_document(), path, f"до {MARKER} после"), VOCAB)
    title, narrative, other = searchable_text(doc)
    assert MARKER in other
    assert MARKER not in title
    assert MARKER not in narrative


def test_searchable_title_and_narrative() -> None:
    doc = full_document()
    title, narrative, other = searchable_text(doc)
    assert title == doc["title"]
    assert narrative == doc["narrative"]
    assert doc["notes"] in other.split("\n")
    assert "" not in other.split("\n")


def _string_leaves(node: Any, path: str = "") -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _string_leaves(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _string_leaves(value, f"{path}[{index}]")
    elif isinstance(node, str):
        yield path


def test_every_free_text_field_is_searchable() -> None:
    # Discovers free-text fields by trial: any string leaf that accepts arbitrary prose is one, so a
    # field added to the schema later is covered without editing this test.
    text_fields = []
    for path in _string_leaves(full_document()):
        try:
            doc = validate_case(set_at(full_document(), path, MARKER), VOCAB)
        except CaseValidationError:
            continue
        text_fields.append(path)
        assert MARKER in "\n".join(searchable_text(doc)), path
    assert len(text_fields) >= 20


# --- strip_identifying -----------------------------------------------------------------------


def test_strip_identifying_removes_every_identifying_value() -> None:
    doc = full_document()
    for person in doc["persons"]:
        for key in IDENTIFYING_KEYS:
            person["identifying"][key] = f"{MARKER} {key}"
    doc["location"]["address"] = f"{MARKER} address"
    normalized = validate_case(doc, VOCAB)
    stripped = strip_identifying(normalized)
    assert MARKER not in canonical_json(stripped).decode("utf-8")
    for person in stripped["persons"]:
        assert person["identifying"] == dict.fromkeys(IDENTIFYING_KEYS, "")
    assert stripped["location"]["address"] == ""
    assert stripped["location"]["city"] == normalized["location"]["city"]
    assert stripped["persons"][0]["pseudonym"] == normalized["persons"][0]["pseudonym"]
    assert MARKER in canonical_json(normalized).decode("utf-8"), "the original is left alone"
    assert validate_case(stripped, VOCAB) == stripped


def test_strip_identifying_is_a_deep_copy() -> None:
    doc = full_document()
    stripped = strip_identifying(doc)
    stripped["persons"][0]["notes"] = "changed"
    stripped["violations"].append("SP.OFF")
    assert doc == full_document()


# --- canonical JSON --------------------------------------------------------------------------


def test_canonical_json_form() -> None:
    value = {"b": [1, True, None, "ёж"], "a": {"y": 1, "x": "\n"}, "Б": 0}
    assert canonical_json(value) == '{"a":{"x":"\\n","y":1},"b":[1,true,null,"ёж"],"Б":0}'.encode()


def test_content_hash_is_sha256_of_the_canonical_form() -> None:
    doc = validate_case(full_document(), VOCAB)
    assert content_hash(doc) == hashlib.sha256(canonical_json(doc)).hexdigest()
    reordered = dict(reversed(list(doc.items())))
    assert content_hash(reordered) == content_hash(doc)
    changed = copy.deepcopy(doc)
    changed["persons"][1]["notes"] = "."
    assert content_hash(changed) != content_hash(doc)


@pytest.mark.parametrize(
    "value",
    [1.0, float("nan"), float("inf"), {"a": [0.5]}, {1: "x"}, {("a",): 1}, (1, 2), {"a": {1, 2}}, b"bytes"],
)
def test_canonical_json_refuses_other_types(value: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        canonical_json(value)


def test_canonical_json_refuses_lone_surrogates_and_cycles() -> None:
    with pytest.raises(ValueError):
        canonical_json({"a": "\ud800"})
    cycle: list[Any] = []
    cycle.append(cycle)
    with pytest.raises(ValueError):
        canonical_json(cycle)


def test_canonical_json_accepts_shared_subtrees() -> None:
    shared = {"k": 1}
    assert canonical_json([shared, shared]) == b'[{"k":1},{"k":1}]'
