"""The vocabulary loader: the shipped file, its lookups, and refusal of damaged copies."""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from intake.errors import IntakeError
from intake.i18n import set_language
from intake.resources import VOCABULARIES_FILE
from intake.vocabulary import (
    CODE_PATTERN,
    Term,
    Vocabularies,
    VocabularyError,
    default_vocabularies,
    load_vocabularies,
)

RAW: dict[str, Any] = json.loads(VOCABULARIES_FILE.read_text(encoding="utf-8"))
VOCAB = default_vocabularies()


@pytest.fixture
def russian() -> Iterator[None]:
    set_language("ru")
    try:
        yield
    finally:
        set_language("en")


def test_shipped_file_loads_every_vocabulary() -> None:
    assert VOCAB.version == 1
    assert VOCAB.names() == list(RAW["vocabularies"])
    for name, body in RAW["vocabularies"].items():
        if name != "region":
            assert [t.code for t in VOCAB.terms(name)] == [t["code"] for t in body["terms"]]


@pytest.mark.parametrize("name", list(RAW["vocabularies"]))
def test_every_term_has_english_and_russian_labels(name: str) -> None:
    terms = VOCAB.terms(name)
    assert terms
    for term in terms:
        assert CODE_PATTERN.fullmatch(term.code)
        assert term.en.strip(), term.code
        assert term.ru.strip(), term.code
        assert VOCAB.label(name, term.code, "en") == term.en
        assert VOCAB.label(name, term.code, "ru") == term.ru
    for en, ru in VOCAB.groups(name).values():
        assert en.strip()
        assert ru.strip()


def test_labels_in_both_languages() -> None:
    assert VOCAB.label("violation", "PHY.KILL", "en") == "Killing or attempted killing"
    assert VOCAB.label("violation", "PHY.KILL", "ru") == "Убийство или покушение на убийство"
    # An unknown interface language falls back to English; an unknown code shows as itself.
    assert VOCAB.label("violation", "PHY.KILL", "de") == "Killing or attempted killing"
    assert VOCAB.label("violation", "NO.SUCH", "ru") == "NO.SUCH"


def test_term_label() -> None:
    term = Term("X", "English", "Русский", None)
    assert term.label("ru") == "Русский"
    assert term.label("en") == "English"
    assert term.label("fr") == "English"


def test_has_is_exact() -> None:
    assert VOCAB.has("age_band", "A.U18")
    assert not VOCAB.has("age_band", "a.u18")
    assert not VOCAB.has("age_band", "GI.MAN")
    assert not VOCAB.has("age_band", "")


def test_groups_and_group_of() -> None:
    groups = VOCAB.groups("violation")
    assert groups["physical"] == ("Physical violence", "Физическое насилие")
    assert VOCAB.group_of("violation", "PHY.KILL") == "physical"
    assert VOCAB.group_of("violation", "NO.SUCH") is None
    assert VOCAB.groups("bias") == {}
    assert VOCAB.group_of("bias", "B.SO") is None
    for term in VOCAB.terms("violation"):
        assert term.group in groups


def test_is_multiple() -> None:
    assert VOCAB.is_multiple("violation")
    assert VOCAB.is_multiple("bias")
    assert not VOCAB.is_multiple("age_band")
    assert not VOCAB.is_multiple("region")


def test_region_helpers() -> None:
    districts = VOCAB.districts()
    assert [d.code for d in districts] == [d["code"] for d in RAW["vocabularies"]["region"]["districts"]]
    assert VOCAB.district_of("RU-MOS") == "CFD"
    assert VOCAB.district_of("CFD") is None
    assert VOCAB.district_of("XX-XXX") is None
    assert "RU-MOS" in [s.code for s in VOCAB.subjects("CFD")]
    assert VOCAB.subjects("RU-MOS") == ()
    assert VOCAB.subjects("NOPE") == ()
    assert VOCAB.is_district("CFD")
    assert not VOCAB.is_district("RU-MOS")
    assert VOCAB.is_subject("RU-MOS")
    assert not VOCAB.is_subject("CFD")
    assert VOCAB.label("region", "CFD", "en") == "Central Federal District"
    assert VOCAB.label("region", "CFD", "ru") == "Центральный федеральный округ"
    assert VOCAB.label("region", "RU-MOS", "ru") == "Московская область"


def test_region_as_a_flat_vocabulary() -> None:
    assert VOCAB.has("region", "CFD")
    assert VOCAB.has("region", "RU-MOS")
    assert not VOCAB.has("region", "NOPE")
    flat = VOCAB.terms("region")
    expected: list[str] = []
    for district in RAW["vocabularies"]["region"]["districts"]:
        expected += [district["code"], *(s["code"] for s in district["subjects"])]
    assert [t.code for t in flat] == expected
    assert VOCAB.group_of("region", "RU-MOS") == "CFD"
    assert VOCAB.group_of("region", "CFD") is None
    assert VOCAB.groups("region")["CFD"] == ("Central Federal District", "Центральный федеральный округ")


def test_every_subject_belongs_to_exactly_one_district() -> None:
    seen: dict[str, str] = {}
    for district in VOCAB.districts():
        for subject in VOCAB.subjects(district.code):
            assert subject.code not in seen
            seen[subject.code] = district.code
            assert VOCAB.district_of(subject.code) == district.code
    assert len(seen) > 80


def test_unknown_vocabulary_name_is_an_error() -> None:
    with pytest.raises(VocabularyError, match="unknown vocabulary 'nope'"):
        VOCAB.terms("nope")
    with pytest.raises(VocabularyError):
        VOCAB.has("nope", "x")


def test_vocabularies_are_immutable() -> None:
    term = VOCAB.terms("age_band")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        term.code = "changed"  # type: ignore[misc]
    groups = VOCAB.groups("violation")
    groups["physical"] = ("x", "y")
    assert VOCAB.groups("violation")["physical"] == ("Physical violence", "Физическое насилие")


def test_default_vocabularies_is_shared() -> None:
    assert default_vocabularies() is default_vocabularies()
    assert isinstance(default_vocabularies(), Vocabularies)


def test_load_from_an_explicit_path(tmp_path: Path) -> None:
    path = tmp_path / "vocabularies.json"
    path.write_text(json.dumps(RAW, ensure_ascii=False), encoding="utf-8")
    assert load_vocabularies(path) == load_vocabularies()


# --- damaged copies --------------------------------------------------------------------------


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "vocabularies.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _edited(edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(RAW)
    edit(data)
    return data


def _vocab(data: dict[str, Any], name: str) -> dict[str, Any]:
    vocabulary: dict[str, Any] = data["vocabularies"][name]
    return vocabulary


def _del_term_key(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda d: _vocab(d, "age_band")["terms"][2].pop(key)


def _set_term_key(key: str, value: object) -> Callable[[dict[str, Any]], None]:
    return lambda d: _vocab(d, "age_band")["terms"][2].__setitem__(key, value)


def _region(data: dict[str, Any]) -> list[dict[str, Any]]:
    districts: list[dict[str, Any]] = _vocab(data, "region")["districts"]
    return districts


DAMAGE: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("no version", lambda d: d.pop("version"), "'version' is missing"),
    ("newer version", lambda d: d.__setitem__("version", 2), "unknown version 2"),
    ("version as text", lambda d: d.__setitem__("version", "1"), 'unknown version "1"'),
    ("version as bool", lambda d: d.__setitem__("version", True), "unknown version true"),
    ("no vocabularies", lambda d: d.pop("vocabularies"), "'vocabularies' is missing"),
    ("unknown top key", lambda d: d.__setitem__("vocabs", {}), "unknown key 'vocabs'"),
    ("term without code", _del_term_key("code"), "age_band.terms[2]: 'code' is missing"),
    ("term without en", _del_term_key("en"), "age_band.terms[2]: 'en' is missing"),
    ("term without ru", _del_term_key("ru"), "age_band.terms[2]: 'ru' is missing"),
    ("term with empty ru", _set_term_key("ru", "  "), "age_band.terms[2]: 'ru' is missing or empty"),
    ("term with numeric en", _set_term_key("en", 5), "age_band.terms[2]: 'en' is missing"),
    ("term with bad code", _set_term_key("code", "A 18"), "may only contain"),
    ("term with unknown key", _set_term_key("label", "x"), "age_band.terms[2]: unknown key 'label'"),
    ("term not an object", lambda d: _vocab(d, "age_band")["terms"].append("A.X"), "expected an object"),
    (
        "duplicate code",
        lambda d: _vocab(d, "age_band")["terms"].append(dict(_vocab(d, "age_band")["terms"][0])),
        "age_band.terms: code 'A.U18' appears more than once",
    ),
    (
        "group not among groups",
        lambda d: _vocab(d, "violation")["terms"][0].__setitem__("group", "nonsense"),
        'violation.terms[0].group: group "nonsense" is not among',
    ),
    (
        "group without groups",
        _set_term_key("group", "physical"),
        'age_band.terms[2].group: group "physical" is not among',
    ),
    (
        "group with one label",
        lambda d: _vocab(d, "violation")["groups"].__setitem__("physical", ["Physical"]),
        "violation.groups.physical: a group needs an English and a Russian label",
    ),
    (
        "no terms",
        lambda d: _vocab(d, "age_band").__setitem__("terms", []),
        "age_band.terms: the vocabulary has",
    ),
    ("terms not a list", lambda d: _vocab(d, "age_band").__setitem__("terms", {}), "expected a list"),
    ("multiple missing", lambda d: _vocab(d, "age_band").pop("multiple"), "'multiple' is missing"),
    ("multiple as text", lambda d: _vocab(d, "age_band").__setitem__("multiple", "no"), "true or false"),
    ("region missing", lambda d: d["vocabularies"].pop("region"), "vocabularies: 'region' is missing"),
    ("region with terms", lambda d: _vocab(d, "region").__setitem__("terms", []), "unknown key 'terms'"),
    ("region without districts", lambda d: _vocab(d, "region").pop("districts"), "'districts' is missing"),
    ("no districts", lambda d: _vocab(d, "region").__setitem__("districts", []), "has no districts"),
    (
        "district with empty subjects",
        lambda d: _region(d)[1].__setitem__("subjects", []),
        "region.districts[1]: district has no subjects",
    ),
    (
        "district without subjects key",
        lambda d: _region(d)[1].pop("subjects"),
        "region.districts[1]: 'subjects' is missing",
    ),
    (
        "subject in two districts",
        lambda d: _region(d)[1]["subjects"].append(dict(_region(d)[0]["subjects"][0])),
        "code 'RU-BEL' appears more than once",
    ),
    (
        "subject with a district's code",
        lambda d: _region(d)[1]["subjects"].append({"code": "CFD", "en": "x", "ru": "x"}),
        "code 'CFD' appears more than once",
    ),
    ("subject without ru", lambda d: _region(d)[0]["subjects"][0].pop("ru"), "subjects[0]: 'ru' is missing"),
    (
        "subject with group",
        lambda d: _region(d)[0]["subjects"][0].__setitem__("group", "x"),
        "unknown key 'group'",
    ),
]


@pytest.mark.parametrize(
    ("edit", "expected"), [(e, x) for _n, e, x in DAMAGE], ids=[n for n, _e, _x in DAMAGE]
)
def test_damaged_file_is_refused(
    tmp_path: Path, edit: Callable[[dict[str, Any]], None], expected: str
) -> None:
    path = _write(tmp_path, _edited(edit))
    with pytest.raises(VocabularyError) as caught:
        load_vocabularies(path)
    message = str(caught.value)
    assert expected in message
    assert str(path) in message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.json"
    with pytest.raises(VocabularyError, match="vocabulary file not found"):
        load_vocabularies(path)


def test_file_that_is_a_directory(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="cannot read the vocabulary file"):
        load_vocabularies(tmp_path)


def test_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "vocabularies.json"
    text = VOCABULARIES_FILE.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"is not valid JSON \(line \d+, column \d+\)"):
        load_vocabularies(path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "vocabularies.json"
    path.write_bytes(VOCABULARIES_FILE.read_text(encoding="utf-8").encode("cp1251"))
    with pytest.raises(VocabularyError, match="not UTF-8"):
        load_vocabularies(path)


def test_top_level_not_an_object(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="expected an object"):
        load_vocabularies(_write(tmp_path, [RAW]))


def test_vocabulary_error_is_an_intake_error() -> None:
    assert issubclass(VocabularyError, IntakeError)


@pytest.mark.usefixtures("russian")
def test_errors_are_translated(tmp_path: Path) -> None:
    path = _write(tmp_path, _edited(_del_term_key("ru")))
    with pytest.raises(VocabularyError) as caught:
        load_vocabularies(path)
    assert "файл словарей" in str(caught.value)
    assert "поле «ru» отсутствует или пусто" in str(caught.value)
    with pytest.raises(VocabularyError, match="не найден"):
        load_vocabularies(tmp_path / "absent.json")
