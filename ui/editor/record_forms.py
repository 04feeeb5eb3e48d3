"""The list sections of a case: which fields each entry has, how a new entry starts, and how an
entry is named in its list. Field labels are marked for Qt Linguist in the CaseFields context."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from intake.case_document import empty_identifying
from intake.case_editing import new_record_id
from ui.editor.field_form import FieldForm
from ui.editor.fields import (
    QT_TRANSLATE_NOOP,
    ChoiceField,
    CodeChoice,
    CountField,
    FullDateField,
    PartialDateField,
    PersonChoice,
    TextArea,
    TextLine,
    vocabulary_label,
)
from ui.editor.record_list import RecordListEditor

ROLE_CHOICES = (
    ("victim", QT_TRANSLATE_NOOP("CaseFields", "Victim")),
    ("witness", QT_TRANSLATE_NOOP("CaseFields", "Witness")),
    ("reporter", QT_TRANSLATE_NOOP("CaseFields", "Reporter")),
)


def _numbered(source: str, index: int) -> str:
    return QCoreApplication.translate("CaseFields", source).format(number=index + 1)


def _label_or_number(vocabulary: str, key: str, source: str) -> Callable[[Mapping[str, Any], int], str]:
    def describe(record: Mapping[str, Any], index: int) -> str:
        code = record.get(key)
        if isinstance(code, str):
            return f"{index + 1}. {vocabulary_label(vocabulary, code)}"
        return _numbered(source, index)

    return describe


# -- persons --------------------------------------------------------------------------------------


def _person_form(form: FieldForm) -> None:
    form.add("pseudonym", QT_TRANSLATE_NOOP("CaseFields", "Pseudonym"), TextLine(), required=True)
    form.add("role", QT_TRANSLATE_NOOP("CaseFields", "Role"), ChoiceField(ROLE_CHOICES))
    form.add(
        "counting_unit",
        QT_TRANSLATE_NOOP("CaseFields", "Counted as"),
        CodeChoice("counting_unit", nullable=False),
    )
    form.add("age_band", QT_TRANSLATE_NOOP("CaseFields", "Age"), CodeChoice("age_band", nullable=True))
    form.add(
        "gender_identity",
        QT_TRANSLATE_NOOP("CaseFields", "Gender identity"),
        CodeChoice("gender_identity", nullable=True),
    )
    form.add(
        "sexual_orientation",
        QT_TRANSLATE_NOOP("CaseFields", "Sexual orientation"),
        CodeChoice("sexual_orientation", nullable=True),
    )
    form.add(
        "risk_level", QT_TRANSLATE_NOOP("CaseFields", "Risk level"), CodeChoice("risk_level", nullable=True)
    )
    form.add("notes", QT_TRANSLATE_NOOP("CaseFields", "Notes"), TextArea())
    identifying = form.add_group(
        QT_TRANSLATE_NOOP("CaseFields", "Identifying details"),
        QT_TRANSLATE_NOOP(
            "CaseFields",
            "Kept apart from the rest of the case: exports and reports can leave this whole section "
            "out. Fill it in only if the person agreed and the network needs it.",
        ),
    )
    identifying.add("identifying.full_name", QT_TRANSLATE_NOOP("CaseFields", "Full name"), TextLine())
    identifying.add("identifying.contact", QT_TRANSLATE_NOOP("CaseFields", "Contact"), TextLine())
    identifying.add("identifying.date_of_birth", QT_TRANSLATE_NOOP("CaseFields", "Date of birth"), TextLine())
    identifying.add("identifying.address", QT_TRANSLATE_NOOP("CaseFields", "Address"), TextLine())
    identifying.add("identifying.notes", QT_TRANSLATE_NOOP("CaseFields", "Identifying notes"), TextArea())


def _new_person() -> dict[str, Any]:
    return {
        "id": new_record_id(),
        "pseudonym": "",
        "role": "victim",
        "counting_unit": "individual",
        "age_band": None,
        "gender_identity": None,
        "sexual_orientation": None,
        "risk_level": None,
        "notes": "",
        "identifying": empty_identifying(),
    }


def _describe_person(record: Mapping[str, Any], index: int) -> str:
    pseudonym = record.get("pseudonym")
    if isinstance(pseudonym, str) and pseudonym.strip():
        return pseudonym.strip()
    return _numbered(QT_TRANSLATE_NOOP("CaseFields", "Person {number}"), index)


def persons_editor() -> RecordListEditor:
    return RecordListEditor(
        "persons",
        build_form=_person_form,
        new_record=_new_person,
        describe=_describe_person,
        add_source=QT_TRANSLATE_NOOP("CaseFields", "Add person"),
        list_name=QT_TRANSLATE_NOOP("CaseFields", "People in this case"),
    )


def person_options(records: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(r["id"], _describe_person(r, i)) for i, r in enumerate(records) if isinstance(r.get("id"), str)]


# -- acts, perpetrators, sources ----------------------------------------------------------------


def _act_form(form: FieldForm) -> None:
    form.add(
        "type",
        QT_TRANSLATE_NOOP("CaseFields", "What happened"),
        CodeChoice("violation", nullable=True),
        required=True,
    )
    form.add("victim", QT_TRANSLATE_NOOP("CaseFields", "Against whom"), PersonChoice())
    form.add("date", QT_TRANSLATE_NOOP("CaseFields", "When"), PartialDateField())
    form.add(
        "legal_qualification",
        QT_TRANSLATE_NOOP("CaseFields", "Legal qualification"),
        TextLine(QT_TRANSLATE_NOOP("CaseFields", "e.g. КоАП 6.21, УК 282.2")),
    )
    form.add("notes", QT_TRANSLATE_NOOP("CaseFields", "Notes"), TextArea())


def acts_editor() -> RecordListEditor:
    return RecordListEditor(
        "acts",
        build_form=_act_form,
        new_record=lambda: {
            "id": new_record_id(),
            "victim": None,
            "type": None,
            "legal_qualification": "",
            "date": None,
            "notes": "",
        },
        describe=_label_or_number("violation", "type", QT_TRANSLATE_NOOP("CaseFields", "Act {number}")),
        add_source=QT_TRANSLATE_NOOP("CaseFields", "Add act"),
        list_name=QT_TRANSLATE_NOOP("CaseFields", "Acts in this case"),
    )


def _perpetrator_form(form: FieldForm) -> None:
    form.add(
        "type",
        QT_TRANSLATE_NOOP("CaseFields", "Who"),
        CodeChoice("perpetrator", nullable=True),
        required=True,
    )
    form.add("count", QT_TRANSLATE_NOOP("CaseFields", "How many"), CountField())
    form.add("relation", QT_TRANSLATE_NOOP("CaseFields", "Relation to the victim"), TextLine())
    form.add("notes", QT_TRANSLATE_NOOP("CaseFields", "Notes"), TextArea())


def perpetrators_editor() -> RecordListEditor:
    return RecordListEditor(
        "perpetrators",
        build_form=_perpetrator_form,
        new_record=lambda: {"id": new_record_id(), "type": None, "count": None, "relation": "", "notes": ""},
        describe=_label_or_number(
            "perpetrator", "type", QT_TRANSLATE_NOOP("CaseFields", "Perpetrator {number}")
        ),
        add_source=QT_TRANSLATE_NOOP("CaseFields", "Add perpetrator"),
        list_name=QT_TRANSLATE_NOOP("CaseFields", "Perpetrators in this case"),
    )


def _source_form(form: FieldForm) -> None:
    form.add(
        "type",
        QT_TRANSLATE_NOOP("CaseFields", "Source"),
        CodeChoice("source_type", nullable=True),
        required=True,
    )
    form.add(
        "connection",
        QT_TRANSLATE_NOOP("CaseFields", "Connection"),
        CodeChoice("source_connection", nullable=False),
    )
    form.add(
        "reliability",
        QT_TRANSLATE_NOOP("CaseFields", "Reliability"),
        CodeChoice("reliability", nullable=True),
    )
    form.add("notes", QT_TRANSLATE_NOOP("CaseFields", "Notes"), TextArea())


_describe_source = _label_or_number("source_type", "type", QT_TRANSLATE_NOOP("CaseFields", "Source {number}"))


def source_options(records: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(r["id"], _describe_source(r, i)) for i, r in enumerate(records) if isinstance(r.get("id"), str)]


def sources_editor() -> RecordListEditor:
    return RecordListEditor(
        "sources",
        build_form=_source_form,
        new_record=lambda: {
            "id": new_record_id(),
            "type": None,
            "connection": "unknown",
            "reliability": None,
            "notes": "",
        },
        describe=_describe_source,
        add_source=QT_TRANSLATE_NOOP("CaseFields", "Add source"),
        list_name=QT_TRANSLATE_NOOP("CaseFields", "Sources of this report"),
    )


# -- consent, follow-ups, submissions -----------------------------------------------------------


def _consent_form(form: FieldForm) -> None:
    form.add(
        "scope",
        QT_TRANSLATE_NOOP("CaseFields", "Consent to"),
        CodeChoice("consent_scope", nullable=True),
        required=True,
    )
    form.add(
        "status",
        QT_TRANSLATE_NOOP("CaseFields", "Answer"),
        CodeChoice("consent_status", nullable=True),
        required=True,
    )
    form.add("person", QT_TRANSLATE_NOOP("CaseFields", "Given by"), PersonChoice())
    form.add("date", QT_TRANSLATE_NOOP("CaseFields", "Date"), FullDateField())
    form.add(
        "method",
        QT_TRANSLATE_NOOP("CaseFields", "How it was given"),
        CodeChoice("consent_method", nullable=True),
    )
    form.add("body", QT_TRANSLATE_NOOP("CaseFields", "For which body"), CodeChoice("body", nullable=True))
    form.add("notes", QT_TRANSLATE_NOOP("CaseFields", "Notes"), TextArea())


def _describe_consent(record: Mapping[str, Any], index: int) -> str:
    scope, status = record.get("scope"), record.get("status")
    if isinstance(scope, str):
        answer = f" — {vocabulary_label('consent_status', status)}" if isinstance(status, str) else ""
        return f"{index + 1}. {vocabulary_label('consent_scope', scope)}{answer}"
    return _numbered(QT_TRANSLATE_NOOP("CaseFields", "Consent {number}"), index)


def consent_editor() -> RecordListEditor:
    return RecordListEditor(
        "consent",
        build_form=_consent_form,
        new_record=lambda: {
            "person": None,
            "scope": None,
            "status": None,
            "date": None,
            "method": None,
            "body": None,
            "notes": "",
        },
        describe=_describe_consent,
        add_source=QT_TRANSLATE_NOOP("CaseFields", "Add consent"),
        list_name=QT_TRANSLATE_NOOP("CaseFields", "Consent records"),
    )


def _followup_form(form: FieldForm) -> None:
    form.add(
        "need", QT_TRANSLATE_NOOP("CaseFields", "Need"), CodeChoice("need", nullable=True), required=True
    )
    form.add(
        "status", QT_TRANSLATE_NOOP("CaseFields", "Status"), CodeChoice("followup_status", nullable=False)
    )
    form.add("notes", QT_TRANSLATE_NOOP("CaseFields", "Notes"), TextArea())


def followups_editor() -> RecordListEditor:
    return RecordListEditor(
        "followups",
        build_form=_followup_form,
        new_record=lambda: {"id": new_record_id(), "need": None, "status": "open", "notes": ""},
        describe=_label_or_number("need", "need", QT_TRANSLATE_NOOP("CaseFields", "Need {number}")),
        add_source=QT_TRANSLATE_NOOP("CaseFields", "Add need"),
        list_name=QT_TRANSLATE_NOOP("CaseFields", "Needs of the people affected"),
    )


def _submission_form(form: FieldForm) -> None:
    form.add(
        "body", QT_TRANSLATE_NOOP("CaseFields", "Sent to"), CodeChoice("body", nullable=True), required=True
    )
    form.add("date", QT_TRANSLATE_NOOP("CaseFields", "Date"), FullDateField())
    form.add("reference", QT_TRANSLATE_NOOP("CaseFields", "Reference"), TextLine())
    form.add("notes", QT_TRANSLATE_NOOP("CaseFields", "Notes"), TextArea())


def submissions_editor() -> RecordListEditor:
    return RecordListEditor(
        "submissions",
        build_form=_submission_form,
        new_record=lambda: {"id": new_record_id(), "body": None, "date": None, "reference": "", "notes": ""},
        describe=_label_or_number("body", "body", QT_TRANSLATE_NOOP("CaseFields", "Submission {number}")),
        add_source=QT_TRANSLATE_NOOP("CaseFields", "Add submission"),
        list_name=QT_TRANSLATE_NOOP("CaseFields", "Submissions to bodies"),
    )
