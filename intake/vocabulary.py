"""Controlled vocabularies: the codes a case document may use, with English and Russian labels.

The file (`resources/vocabularies.json`) is checked completely when it is loaded, so that a damaged
or hand-edited copy stops the app with a message naming the spot, instead of letting unknown codes
into the store. Everything is immutable after loading; lookups are dictionary lookups.

The `region` vocabulary is two-level: federal districts (the level used in publications) each with
their federal subjects. As a flat vocabulary its terms are every district followed by its subjects;
a subject's `group` is its district's code, and `groups("region")` maps district codes to labels.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from intake.errors import IntakeError
from intake.i18n import _
from intake.resources import VOCABULARIES_FILE

SUPPORTED_VERSION = 1
REGION = "region"

# Codes end up in paths, messages and file names, so they are kept to a safe alphabet. The case
# validator also uses this to decide whether a rejected value may be echoed in a message.
CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}", re.ASCII)

_TOP_KEYS = frozenset({"version", "note", "vocabularies"})
_VOCABULARY_KEYS = frozenset({"description", "multiple", "terms", "groups"})
_REGION_KEYS = frozenset({"description", "multiple", "districts"})
_TERM_KEYS = frozenset({"code", "en", "ru", "group"})
_DISTRICT_KEYS = frozenset({"code", "en", "ru", "subjects"})
_SUBJECT_KEYS = frozenset({"code", "en", "ru"})


class VocabularyError(IntakeError):
    """The vocabulary file is missing or damaged, or an unknown vocabulary was asked for."""


@dataclass(frozen=True)
class Term:
    code: str
    en: str
    ru: str
    group: str | None = None

    def label(self, lang: str) -> str:
        return self.ru if lang == "ru" else self.en


@dataclass(frozen=True)
class _Vocabulary:
    description: str
    multiple: bool
    terms: tuple[Term, ...]
    groups: Mapping[str, tuple[str, str]]
    by_code: Mapping[str, Term]


@dataclass(frozen=True)
class _Region:
    districts: tuple[Term, ...]
    subjects: Mapping[str, tuple[Term, ...]]
    district_of: Mapping[str, str]


@dataclass(frozen=True)
class Vocabularies:
    version: int
    _vocabularies: Mapping[str, _Vocabulary]
    _region: _Region

    def names(self) -> list[str]:
        return list(self._vocabularies)

    def description(self, name: str) -> str:
        return self._get(name).description

    def terms(self, name: str) -> tuple[Term, ...]:
        return self._get(name).terms

    def has(self, name: str, code: str) -> bool:
        return code in self._get(name).by_code

    def label(self, name: str, code: str, lang: str) -> str:
        term = self._get(name).by_code.get(code)
        # A code from a newer vocabulary must still show as something rather than crash a view.
        return term.label(lang) if term is not None else code

    def groups(self, name: str) -> dict[str, tuple[str, str]]:
        return dict(self._get(name).groups)

    def group_of(self, name: str, code: str) -> str | None:
        term = self._get(name).by_code.get(code)
        return term.group if term is not None else None

    def is_multiple(self, name: str) -> bool:
        return self._get(name).multiple

    def districts(self) -> tuple[Term, ...]:
        return self._region.districts

    def subjects(self, district_code: str) -> tuple[Term, ...]:
        return self._region.subjects.get(district_code, ())

    def district_of(self, subject_code: str) -> str | None:
        return self._region.district_of.get(subject_code)

    def is_district(self, code: str) -> bool:
        return code in self._region.subjects

    def is_subject(self, code: str) -> bool:
        return code in self._region.district_of

    def _get(self, name: str) -> _Vocabulary:
        vocabulary = self._vocabularies.get(name)
        if vocabulary is None:
            raise VocabularyError(_("unknown vocabulary '{name}'").format(name=name))
        return vocabulary


def load_vocabularies(path: Path = VOCABULARIES_FILE) -> Vocabularies:
    raw = _read_json(path)
    try:
        return _parse_file(raw)
    except _Damaged as damage:
        raise VocabularyError(
            _("the vocabulary file {path} is damaged at {where}: {problem}").format(
                path=path, where=damage.where, problem=damage.problem
            )
        ) from None


@functools.cache
def default_vocabularies() -> Vocabularies:
    return load_vocabularies()


class _Damaged(Exception):
    def __init__(self, where: str, problem: str) -> None:
        super().__init__(where, problem)
        self.where = where
        self.problem = problem


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise VocabularyError(_("vocabulary file not found: {path}").format(path=path)) from None
    except UnicodeDecodeError:
        raise VocabularyError(_("the vocabulary file {path} is not UTF-8 text").format(path=path)) from None
    except OSError as error:
        raise VocabularyError(
            _("cannot read the vocabulary file {path}: {reason}").format(path=path, reason=error.strerror)
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise VocabularyError(
            _("the vocabulary file {path} is not valid JSON (line {line}, column {column})").format(
                path=path, line=error.lineno, column=error.colno
            )
        ) from None


def _parse_file(raw: object) -> Vocabularies:
    top_level = _("(top level)")
    top = _as_object(raw, top_level, _TOP_KEYS)
    _check_version(_required(top, "version", top_level))
    vocabularies_raw = _as_object(_required(top, "vocabularies", top_level), "vocabularies")
    if REGION not in vocabularies_raw:
        raise _Damaged("vocabularies", _missing(REGION))
    vocabularies: dict[str, _Vocabulary] = {}
    region: _Region | None = None
    for name, body in vocabularies_raw.items():
        where = f"vocabularies.{name}"
        if name == REGION:
            region, vocabularies[name] = _parse_region(body, where)
        else:
            vocabularies[name] = _parse_vocabulary(body, where)
    assert region is not None  # guaranteed by the membership check above
    return Vocabularies(SUPPORTED_VERSION, MappingProxyType(vocabularies), region)


def _check_version(version: object) -> None:
    if type(version) is not int or version != SUPPORTED_VERSION:
        raise _Damaged(
            "version",
            _("unknown version {version}; this version of Intake reads version {supported}").format(
                version=json.dumps(version)[:40], supported=SUPPORTED_VERSION
            ),
        )


def _parse_vocabulary(body: object, where: str) -> _Vocabulary:
    obj = _as_object(body, where, _VOCABULARY_KEYS)
    groups = _parse_groups(obj.get("groups", {}), f"{where}.groups")
    terms_raw = _as_list(_required(obj, "terms", where), f"{where}.terms")
    if not terms_raw:
        raise _Damaged(f"{where}.terms", _("the vocabulary has no terms"))
    terms = tuple(
        _parse_term(item, f"{where}.terms[{index}]", groups) for index, item in enumerate(terms_raw)
    )
    return _Vocabulary(
        description=_optional_text(obj, "description", where),
        multiple=_as_bool(_required(obj, "multiple", where), f"{where}.multiple"),
        terms=terms,
        groups=MappingProxyType(groups),
        by_code=_index_by_code(terms, f"{where}.terms"),
    )


def _parse_region(body: object, where: str) -> tuple[_Region, _Vocabulary]:
    obj = _as_object(body, where, _REGION_KEYS)
    districts_raw = _as_list(_required(obj, "districts", where), f"{where}.districts")
    if not districts_raw:
        raise _Damaged(f"{where}.districts", _("the region vocabulary has no districts"))
    districts: list[Term] = []
    subjects: dict[str, tuple[Term, ...]] = {}
    flat: list[Term] = []
    for index, item in enumerate(districts_raw):
        district, members = _parse_district(item, f"{where}.districts[{index}]")
        districts.append(district)
        subjects[district.code] = members
        flat.append(district)
        flat.extend(members)
    by_code = _index_by_code(tuple(flat), f"{where}.districts")
    region = _Region(
        districts=tuple(districts),
        subjects=MappingProxyType(subjects),
        district_of=MappingProxyType({s.code: d for d, members in subjects.items() for s in members}),
    )
    vocabulary = _Vocabulary(
        description=_optional_text(obj, "description", where),
        multiple=_as_bool(_required(obj, "multiple", where), f"{where}.multiple"),
        terms=tuple(flat),
        groups=MappingProxyType({d.code: (d.en, d.ru) for d in districts}),
        by_code=by_code,
    )
    return region, vocabulary


def _parse_district(item: object, where: str) -> tuple[Term, tuple[Term, ...]]:
    obj = _as_object(item, where, _DISTRICT_KEYS)
    district = _term_from(obj, where, group=None)
    subjects_raw = _as_list(_required(obj, "subjects", where), f"{where}.subjects")
    if not subjects_raw:
        raise _Damaged(where, _("district has no subjects"))
    members = tuple(
        _term_from(
            _as_object(s, f"{where}.subjects[{i}]", _SUBJECT_KEYS),
            f"{where}.subjects[{i}]",
            group=district.code,
        )
        for i, s in enumerate(subjects_raw)
    )
    return district, members


def _parse_groups(raw: object, where: str) -> dict[str, tuple[str, str]]:
    groups: dict[str, tuple[str, str]] = {}
    for key, labels in _as_object(raw, where).items():
        if not (isinstance(labels, list) and len(labels) == 2 and all(_is_text(x) for x in labels)):
            raise _Damaged(f"{where}.{key}", _("a group needs an English and a Russian label"))
        groups[key] = (labels[0], labels[1])
    return groups


def _parse_term(item: object, where: str, groups: Mapping[str, tuple[str, str]]) -> Term:
    obj = _as_object(item, where, _TERM_KEYS)
    group = obj.get("group")
    if group is not None and (not isinstance(group, str) or group not in groups):
        raise _Damaged(
            f"{where}.group",
            _("group {group} is not among the vocabulary's groups").format(
                group=json.dumps(group, ensure_ascii=False)[:70]
            ),
        )
    return _term_from(obj, where, group=group)


def _term_from(obj: Mapping[str, object], where: str, group: str | None) -> Term:
    code, en, ru = (_required_text(obj, key, where) for key in ("code", "en", "ru"))
    if not CODE_PATTERN.fullmatch(code):
        raise _Damaged(
            f"{where}.code",
            _("code '{code}' may only contain Latin letters, digits, '.', '_' and '-'").format(
                code=code[:70]
            ),
        )
    return Term(code=code, en=en, ru=ru, group=group)


def _index_by_code(terms: tuple[Term, ...], where: str) -> Mapping[str, Term]:
    by_code: dict[str, Term] = {}
    for term in terms:
        if term.code in by_code:
            raise _Damaged(where, _("code '{code}' appears more than once").format(code=term.code))
        by_code[term.code] = term
    return MappingProxyType(by_code)


def _as_object(value: object, where: str, allowed: frozenset[str] | None = None) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Damaged(where, _("expected an object"))
    if allowed is not None:
        for key in value:
            if key not in allowed:
                raise _Damaged(where, _("unknown key '{key}'").format(key=str(key)[:70]))
    return value


def _as_list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise _Damaged(where, _("expected a list"))
    return value


def _as_bool(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise _Damaged(where, _("expected true or false"))
    return value


def _required(obj: Mapping[str, object], key: str, where: str) -> object:
    if key not in obj:
        raise _Damaged(where, _missing(key))
    return obj[key]


def _required_text(obj: Mapping[str, object], key: str, where: str) -> str:
    value = obj.get(key)
    if not _is_text(value):
        raise _Damaged(where, _missing(key))
    assert isinstance(value, str)
    return value


def _optional_text(obj: Mapping[str, object], key: str, where: str) -> str:
    value = obj.get(key, "")
    if not isinstance(value, str):
        raise _Damaged(f"{where}.{key}", _("expected a string"))
    return value


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _missing(key: str) -> str:
    return _("'{key}' is missing or empty").format(key=key)
