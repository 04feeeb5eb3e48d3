"""The case document (format 1): validation, normalization and the views other parts need.

The contract is docs/formats/case-document.md. Validation walks the whole document once and
collects every problem, so that a volunteer fixing a file sees all of them at the same time.
Messages name paths, codes, keys and types but never a free-text value: testimony must not end up
in terminals, logs or crash reports. Values that should be codes, dates or keys are echoed only
when they look like one, since a name typed into the wrong field is still sensitive.
"""

from __future__ import annotations

import calendar
import copy
import datetime
import difflib
import re
import unicodedata
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from intake.errors import BadInputError
from intake.i18n import _, ngettext
from intake.vocabulary import CODE_PATTERN, REGION, Vocabularies

CASE_FORMAT = 1
ROLES = ("victim", "witness", "reporter")
TITLE_MAX = 300
SHORT_TEXT_MAX = 1_000
LONG_TEXT_MAX = 200_000
# The spec only says "integer >= 1"; the cap keeps absurd values out of integer columns downstream.
PERPETRATOR_COUNT_MAX = 1_000_000
IDENTIFYING_KEYS = ("full_name", "contact", "date_of_birth", "address", "notes")

_FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PARTIAL_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
_COUNTRY = re.compile(r"[A-Z]{2}")
_KEY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# C0 and C1 control characters. Pasted text carries them (terminal output, PDFs, chat exports);
# they are invisible in the editor, break CSV and reports downstream, and can hide text.
_CONTROL_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTI_LINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # allows \t \n \r
_DATE_LENGTH_OF_PRECISION = MappingProxyType({"exact": 10, "month": 7, "year": 4})


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class CaseValidationError(BadInputError):
    """The document breaks the case-document contract; `problems` lists every breach found."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        super().__init__(_summary(problems))


def _summary(problems: tuple[Problem, ...]) -> str:
    count = len(problems)
    head = ngettext(
        "The case is not valid ({count} problem):", "The case is not valid ({count} problems):", count
    ).format(count=count)
    return "\n".join([head, *(f"  {problem}" for problem in problems)])


class _Invalid:
    """Stands in for a value that failed its check, so that cross-field checks can skip it."""


_INVALID: Any = _Invalid()

_Check = Callable[["_Checker", Any, str], Any]


@dataclass(frozen=True)
class _Field:
    check: _Check
    default: Callable[[], Any] | None = None  # None: the key is required


_Schema = Mapping[str, _Field]


class _Checker:
    def __init__(self, vocab: Vocabularies) -> None:
        self.vocab = vocab
        self.problems: list[Problem] = []

    def report(self, path: str, message: str) -> Any:
        self.problems.append(Problem(path, message))
        return _INVALID

    def wrong_type(self, path: str, template: str, value: object) -> Any:
        return self.report(path, template.format(actual=_type_name(value)))

    def check_object(self, schema: _Schema, value: object, path: str) -> Any:
        if not isinstance(value, dict):
            return self.wrong_type(path, _("expected an object, not {actual}"), value)
        for key in value:
            if key not in schema:
                self._unknown_key(key, schema, path)
        result: dict[str, Any] = {}
        for key, field in schema.items():
            child = _key_path(path, key)
            if key in value:
                result[key] = field.check(self, value[key], child)
            elif field.default is None:
                result[key] = self.report(child, _("this field is required"))
            else:
                result[key] = field.default()
        return result

    def code(self, vocabulary: str, value: object, path: str) -> Any:
        if value is None:
            return self.report(path, _("required: choose a value"))
        if not isinstance(value, str):
            return self.wrong_type(path, _("expected a code (a string), not {actual}"), value)
        if self.vocab.has(vocabulary, value):
            return value
        if _looks_like_code(value):
            message = _("unknown code '{code}' in vocabulary '{vocabulary}'")
        else:
            message = _("unknown code in vocabulary '{vocabulary}' (not shown: it does not look like a code)")
        return self.report(path, message.format(code=value, vocabulary=vocabulary))

    def _unknown_key(self, key: object, schema: _Schema, path: str) -> None:
        if not (isinstance(key, str) and _KEY_NAME.fullmatch(key)):
            self.report(
                _key_path(path, "?"),
                _("unknown key (its name is not shown: it does not look like a field name)"),
            )
            return
        close = difflib.get_close_matches(key, list(schema), n=1, cutoff=0.75)
        if close:
            message = _("unknown key; did you mean '{suggestion}'?").format(suggestion=close[0])
        else:
            message = _("unknown key")
        self.report(_key_path(path, key), message)


def _key_path(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def _looks_like_code(value: str) -> bool:
    return CODE_PATTERN.fullmatch(value) is not None


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    names = (  # bool first: it is a subclass of int
        (bool, _("a boolean")),
        (int, _("an integer")),
        (float, _("a fractional number")),
        (str, _("a string")),
        (list, _("a list")),
        (dict, _("an object")),
    )
    return next((name for kind, name in names if isinstance(value, kind)), _("a value of another type"))


def _is_valid(*values: object) -> bool:
    return all(value is not _INVALID for value in values)


# --- field kinds -------------------------------------------------------------------------------


def _control_message(control: re.Pattern[str]) -> str:
    if control is _CONTROL_ONE_LINE:
        return _("contains line breaks or other control characters")
    return _("contains invisible control characters")


def _text(limit: int, *, required: bool = False) -> _Field:
    control = _CONTROL_MULTI_LINE if limit == LONG_TEXT_MAX else _CONTROL_ONE_LINE

    def check(c: _Checker, value: object, path: str) -> Any:
        if not isinstance(value, str):
            return c.wrong_type(path, _("expected a string, not {actual}"), value)
        if _SURROGATE.search(value):
            # JSON can carry lone surrogates; they cannot be stored as UTF-8 or hashed.
            return c.report(path, _("contains characters that are not valid Unicode text"))
        text = unicodedata.normalize("NFC", value)
        if required:
            # Stored trimmed so that the length rule and the stored value agree (and stay idempotent).
            text = text.strip()
            if not text:
                return c.report(path, _("the field must not be empty"))
        if control.search(text):
            return c.report(path, _control_message(control))
        if len(text) > limit:
            return c.report(
                path,
                _("too long: at most {limit} characters, got {length}").format(limit=limit, length=len(text)),
            )
        return text

    return _Field(check, None if required else str)


def _code(vocabulary: str, *, default: str | None = None, nullable: bool = False) -> _Field:
    def check(c: _Checker, value: object, path: str) -> Any:
        if value is None and nullable:
            return None
        return c.code(vocabulary, value, path)

    if nullable:
        return _Field(check, lambda: None)
    if default is not None:
        return _Field(check, lambda: default)
    return _Field(check)


def _codes(vocabulary: str) -> _Field:
    def check(c: _Checker, value: object, path: str) -> Any:
        if not isinstance(value, list):
            return c.wrong_type(path, _("expected a list, not {actual}"), value)
        checked = [c.code(vocabulary, item, f"{path}[{index}]") for index, item in enumerate(value)]
        if not _is_valid(*checked):
            return _INVALID
        return list(dict.fromkeys(checked))  # de-duplicated, first occurrence order kept

    return _Field(check, list)


def _records(schema: _Schema) -> _Field:
    def check(c: _Checker, value: object, path: str) -> Any:
        if not isinstance(value, list):
            return c.wrong_type(path, _("expected a list, not {actual}"), value)
        return [c.check_object(schema, item, f"{path}[{index}]") for index, item in enumerate(value)]

    return _Field(check, list)


def _section(schema: _Schema, post: Callable[[_Checker, dict[str, Any], str], None] | None = None) -> _Field:
    """A nested object whose every key has a default, so that the whole section may be left out."""

    def check(c: _Checker, value: object, path: str) -> Any:
        result = c.check_object(schema, value, path)
        if post is not None and isinstance(result, dict):
            post(c, result, path)
        return result

    return _Field(check, lambda: _defaults(schema))


def _defaults(schema: _Schema) -> dict[str, Any]:
    return {key: field.default() if field.default is not None else "" for key, field in schema.items()}


def _check_id(c: _Checker, value: object, path: str) -> Any:
    if not isinstance(value, str):
        return c.wrong_type(path, _("expected a string, not {actual}"), value)
    if not _UUID.fullmatch(value):
        return c.report(
            path, _("not a valid id: expected a UUID such as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
        )
    return value.lower()


def _check_person_ref(c: _Checker, value: object, path: str) -> Any:
    return None if value is None else _check_id(c, value, path)


def _new_id() -> str:
    return str(uuid.uuid4())


_ID = _Field(_check_id, _new_id)
_PERSON_REF = _Field(_check_person_ref, lambda: None)


def _check_role(c: _Checker, value: object, path: str) -> Any:
    if not isinstance(value, str):
        return c.wrong_type(path, _("expected a string, not {actual}"), value)
    if value in ROLES:
        return value
    if _looks_like_code(value):
        message = _("unknown role '{role}'; expected 'victim', 'witness' or 'reporter'")
    else:
        message = _("unknown role; expected 'victim', 'witness' or 'reporter'")
    return c.report(path, message.format(role=value))


def _check_count(c: _Checker, value: object, path: str) -> Any:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        return c.wrong_type(path, _("expected an integer, not {actual}"), value)
    if value < 1:
        return c.report(path, _("must be at least 1"))
    if value > PERPETRATOR_COUNT_MAX:
        return c.report(path, _("must be at most {limit}").format(limit=PERPETRATOR_COUNT_MAX))
    return value


def _check_format(c: _Checker, value: object, path: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        return c.wrong_type(path, _("expected an integer, not {actual}"), value)
    if value != CASE_FORMAT:
        return c.report(
            path,
            _("unsupported format {format}; this version of Intake reads format {supported}").format(
                format=value, supported=CASE_FORMAT
            ),
        )
    return value


def _check_country(c: _Checker, value: object, path: str) -> Any:
    if not isinstance(value, str):
        return c.wrong_type(path, _("expected a string, not {actual}"), value)
    if not _COUNTRY.fullmatch(value):
        return c.report(
            path, _("expected a two-letter ISO 3166-1 country code in capital letters, such as 'RU'")
        )
    return value


def _check_district(c: _Checker, value: object, path: str) -> Any:
    if value is None or (isinstance(value, str) and c.vocab.is_district(value)):
        return value
    if isinstance(value, str) and c.vocab.is_subject(value):
        return c.report(
            path,
            _("'{code}' is a federal subject, but a federal district is expected here").format(code=value),
        )
    return c.code(REGION, value, path)


def _check_subject(c: _Checker, value: object, path: str) -> Any:
    if value is None or (isinstance(value, str) and c.vocab.is_subject(value)):
        return value
    if isinstance(value, str) and c.vocab.is_district(value):
        return c.report(
            path,
            _("'{code}' is a federal district, but a federal subject is expected here").format(code=value),
        )
    return c.code(REGION, value, path)


def _fill_district(c: _Checker, location: dict[str, Any], path: str) -> None:
    subject, district = location["subject"], location["district"]
    if subject is None or not _is_valid(subject, district):
        return
    expected = c.vocab.district_of(subject)
    if district is None:
        location["district"] = expected
    elif district != expected:
        c.report(
            _key_path(path, "district"),
            _(
                "district '{district}' does not match subject '{subject}', which belongs to '{expected}'"
            ).format(district=district, subject=subject, expected=expected),
        )


# --- dates -------------------------------------------------------------------------------------


def _parse_date(text: str) -> datetime.date | None:
    """The first day of a YYYY, YYYY-MM or YYYY-MM-DD string, or None if there is no such date."""
    year, month, day = ([int(part) for part in text.split("-")] + [1, 1])[:3]
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _check_date_text(c: _Checker, value: object, path: str, pattern: re.Pattern[str], form: str) -> Any:
    if not isinstance(value, str):
        return c.wrong_type(path, _("expected a string, not {actual}"), value)
    if not pattern.fullmatch(value):
        return c.report(path, form)
    if _parse_date(value) is None:
        return c.report(path, _("'{date}' is not a real calendar date").format(date=value))
    return value


def _check_full_date(c: _Checker, value: object, path: str) -> Any:
    if value is None:
        return None
    return _check_date_text(c, value, path, _FULL_DATE, _("expected a date in the form YYYY-MM-DD"))


def _check_partial_date_text(c: _Checker, value: object, path: str) -> Any:
    form = _("expected a date in the form YYYY, YYYY-MM or YYYY-MM-DD")
    return _check_date_text(c, value, path, _PARTIAL_DATE, form)


def _precision_message(precision: str) -> str:
    if precision == "exact":
        return _("precision 'exact' needs a full date (YYYY-MM-DD)")
    if precision == "month":
        return _("precision 'month' needs a year and a month (YYYY-MM)")
    return _("precision 'year' needs a year only (YYYY)")


def _check_partial_date(c: _Checker, value: object, path: str) -> Any:
    if value is None:
        return None
    result = c.check_object(_PARTIAL_DATE_SCHEMA, value, path)
    if not isinstance(result, dict) or not _is_valid(*result.values()):
        return result
    expected_length = _DATE_LENGTH_OF_PRECISION.get(result["precision"])
    if expected_length is not None and len(result["date"]) != expected_length:
        return c.report(_key_path(path, "date"), _precision_message(result["precision"]))
    return result


_FULL_DATE_FIELD = _Field(_check_full_date, lambda: None)
_PARTIAL_DATE_FIELD = _Field(_check_partial_date, lambda: None)


def date_range(partial: Mapping[str, Any] | None) -> tuple[str, str] | None:
    """First and last day covered by a (validated) partial date, as ISO dates.

    The range follows the form of the date string, so an estimate covers the day, month or year it
    names. Raises ValueError for a malformed date.
    """
    if partial is None:
        return None
    text = partial["date"]
    if not isinstance(text, str) or not _PARTIAL_DATE.fullmatch(text) or _parse_date(text) is None:
        raise ValueError("not a partial date")
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 3:
        first = last = datetime.date(*parts)
    elif len(parts) == 2:
        year, month = parts
        first = datetime.date(year, month, 1)
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    else:
        first, last = datetime.date(parts[0], 1, 1), datetime.date(parts[0], 12, 31)
    return first.isoformat(), last.isoformat()


# --- references across the document ------------------------------------------------------------

_LISTS_WITH_IDS = ("persons", "acts", "perpetrators", "sources", "followups", "submissions")


def _records_of(case: Mapping[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    records = case[key]
    if not isinstance(records, list):
        return []
    return [(index, record) for index, record in enumerate(records) if isinstance(record, dict)]


def _check_unique_ids(c: _Checker, case: Mapping[str, Any], key: str) -> set[str]:
    first_seen: dict[str, str] = {}
    for index, record in _records_of(case, key):
        record_id = record["id"]
        if not _is_valid(record_id):
            continue
        if record_id in first_seen:
            c.report(
                f"{key}[{index}].id",
                _("duplicate id: {other} already has it").format(other=first_seen[record_id]),
            )
        else:
            first_seen[record_id] = f"{key}[{index}]"
    return set(first_seen)


def _check_person_refs(c: _Checker, case: Mapping[str, Any], key: str, field: str, persons: set[str]) -> None:
    for index, record in _records_of(case, key):
        ref = record[field]
        if ref is not None and _is_valid(ref) and ref not in persons:
            c.report(f"{key}[{index}].{field}", _("no person with id '{id}' in this case").format(id=ref))


def _check_consent_unique(c: _Checker, case: Mapping[str, Any]) -> None:
    first_seen: dict[tuple[str | None, str], str] = {}
    for index, row in _records_of(case, "consent"):
        pair = (row["person"], row["scope"])
        if not _is_valid(*pair):
            continue
        if pair in first_seen:
            c.report(
                f"consent[{index}].scope",
                _("duplicate consent: {other} already records scope '{scope}' for the same person").format(
                    other=first_seen[pair], scope=row["scope"]
                ),
            )
        else:
            first_seen[pair] = f"consent[{index}]"


def _check_references(c: _Checker, case: Mapping[str, Any]) -> None:
    ids = {key: _check_unique_ids(c, case, key) for key in _LISTS_WITH_IDS}
    if _is_valid(case["persons"]):
        _check_person_refs(c, case, "acts", "victim", ids["persons"])
        _check_person_refs(c, case, "consent", "person", ids["persons"])
    _check_consent_unique(c, case)


# --- the schema (docs/formats/case-document.md) ----------------------------------------------

_SHORT = _text(SHORT_TEXT_MAX)
_LONG = _text(LONG_TEXT_MAX)

_PARTIAL_DATE_SCHEMA: _Schema = MappingProxyType(
    {"date": _Field(_check_partial_date_text), "precision": _code("date_precision")}
)

_LOCATION: _Schema = MappingProxyType(
    {
        "country": _Field(_check_country, lambda: "RU"),
        "district": _Field(_check_district, lambda: None),
        "subject": _Field(_check_subject, lambda: None),
        "city": _SHORT,
        "address": _SHORT,
    }
)

_IDENTIFYING: _Schema = MappingProxyType(
    {
        "full_name": _SHORT,
        "contact": _SHORT,
        "date_of_birth": _SHORT,
        "address": _SHORT,
        "notes": _LONG,
    }
)

_PERSON: _Schema = MappingProxyType(
    {
        "id": _ID,
        "pseudonym": _text(SHORT_TEXT_MAX, required=True),
        "role": _Field(_check_role, lambda: "victim"),
        "counting_unit": _code("counting_unit", default="individual"),
        "age_band": _code("age_band", nullable=True),
        "gender_identity": _code("gender_identity", nullable=True),
        "sexual_orientation": _code("sexual_orientation", nullable=True),
        "risk_level": _code("risk_level", nullable=True),
        "notes": _LONG,
        "identifying": _section(_IDENTIFYING),
    }
)

_ACT: _Schema = MappingProxyType(
    {
        "id": _ID,
        "victim": _PERSON_REF,
        "type": _code("violation"),
        "legal_qualification": _SHORT,
        "date": _PARTIAL_DATE_FIELD,
        "notes": _LONG,
    }
)

_PERPETRATOR: _Schema = MappingProxyType(
    {
        "id": _ID,
        "type": _code("perpetrator"),
        "count": _Field(_check_count, lambda: None),
        "relation": _SHORT,
        "notes": _LONG,
    }
)

_SOURCE: _Schema = MappingProxyType(
    {
        "id": _ID,
        "type": _code("source_type"),
        "connection": _code("source_connection", default="unknown"),
        "reliability": _code("reliability", nullable=True),
        "notes": _LONG,
    }
)

_CONSENT: _Schema = MappingProxyType(
    {
        "person": _PERSON_REF,
        "scope": _code("consent_scope"),
        "status": _code("consent_status"),
        "date": _FULL_DATE_FIELD,
        "method": _code("consent_method", nullable=True),
        "body": _code("body", nullable=True),
        "notes": _LONG,
    }
)

_FOLLOWUP: _Schema = MappingProxyType(
    {
        "id": _ID,
        "need": _code("need"),
        "status": _code("followup_status", default="open"),
        "notes": _LONG,
    }
)

_SUBMISSION: _Schema = MappingProxyType(
    {
        "id": _ID,
        "body": _code("body"),
        "date": _FULL_DATE_FIELD,
        "reference": _SHORT,
        "notes": _LONG,
    }
)

_CASE: _Schema = MappingProxyType(
    {
        "format": _Field(_check_format, lambda: CASE_FORMAT),
        "title": _text(TITLE_MAX, required=True),
        "occurred": _PARTIAL_DATE_FIELD,
        "received": _FULL_DATE_FIELD,
        "intake_channel": _code("intake_channel", nullable=True),
        "location": _section(_LOCATION, post=_fill_district),
        "place_type": _code("place_type", nullable=True),
        "narrative": _LONG,
        "violations": _codes("violation"),
        "bias_motivations": _codes("bias"),
        "bias_indicators": _codes("bias_indicator"),
        "police_stage": _code("police_stage", nullable=True),
        "confidentiality": _code("confidentiality", default="restricted"),
        "notes": _LONG,
        "persons": _records(_PERSON),
        "acts": _records(_ACT),
        "perpetrators": _records(_PERPETRATOR),
        "sources": _records(_SOURCE),
        "consent": _records(_CONSENT),
        "followups": _records(_FOLLOWUP),
        "submissions": _records(_SUBMISSION),
    }
)

# Every vocabulary the schema refers to; a test checks the shipped file has them all.
REQUIRED_VOCABULARIES = (
    "date_precision",
    "intake_channel",
    "place_type",
    "violation",
    "bias",
    "bias_indicator",
    "police_stage",
    "confidentiality",
    "counting_unit",
    "age_band",
    "gender_identity",
    "sexual_orientation",
    "risk_level",
    "perpetrator",
    "source_type",
    "source_connection",
    "reliability",
    "consent_scope",
    "consent_status",
    "consent_method",
    "body",
    "need",
    "followup_status",
    REGION,
)


# --- public API --------------------------------------------------------------------------------


def validate_case(doc: object, vocab: Vocabularies) -> dict[str, Any]:
    """The normalized copy of `doc`, or CaseValidationError listing every problem. `doc` is not changed."""
    checker = _Checker(vocab)
    case = checker.check_object(_CASE, doc, "")
    if isinstance(case, dict):
        _check_references(checker, case)
    if checker.problems:
        raise CaseValidationError(tuple(checker.problems))
    normalized: dict[str, Any] = case
    return normalized


def new_case_template() -> dict[str, Any]:
    """An empty document in normalized shape, for editors. Not valid until it has a title."""
    return _defaults(_CASE)


def empty_identifying() -> dict[str, str]:
    return dict.fromkeys(IDENTIFYING_KEYS, "")


def strip_identifying(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy without the identifying sections and without the precise address."""
    stripped = copy.deepcopy(dict(doc))
    for person in stripped.get("persons", []):
        person["identifying"] = empty_identifying()
    location = stripped.get("location")
    if isinstance(location, dict):
        location["address"] = ""
    return stripped


_RECORD_TEXT_FIELDS = (
    ("acts", ("legal_qualification", "notes")),
    ("perpetrators", ("relation", "notes")),
    ("sources", ("notes",)),
    ("consent", ("notes",)),
    ("followups", ("notes",)),
    ("submissions", ("reference", "notes")),
)


def searchable_text(doc: Mapping[str, Any]) -> tuple[str, str, str]:
    """(title, narrative, every other text field joined by newlines) for the full-text index."""
    location = doc.get("location") or {}
    others: list[str] = [doc.get("notes", ""), location.get("city", ""), location.get("address", "")]
    for person in doc.get("persons", []):
        identifying = person.get("identifying") or {}
        others += [person.get("pseudonym", ""), person.get("notes", "")]
        others += [identifying.get(key, "") for key in IDENTIFYING_KEYS]
    for list_key, fields in _RECORD_TEXT_FIELDS:
        for record in doc.get(list_key, []):
            others += [record.get(field, "") for field in fields]
    return doc.get("title", ""), doc.get("narrative", ""), "\n".join(text for text in others if text)
