"""Every section of a case as tabs: the case itself, categories, people, acts, perpetrators,
sources, consent, and follow-up (police stage, needs, submissions).

`document()` returns the editor's content in the case-document shape, exactly as typed (the core
decides what is valid); `load()` shows a document. For an unchanged document the two round-trip
exactly, so opening a case and looking at it never writes anything.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from intake.case_document import Problem, new_case_template
from ui.editor.code_checklist import CodeChecklist
from ui.editor.field_form import FieldForm, owner_of
from ui.editor.fields import (
    QT_TRANSLATE_NOOP,
    CodeChoice,
    FieldBase,
    FullDateField,
    PartialDateField,
    PersonChoice,
    TextArea,
    TextLine,
)
from ui.editor.record_forms import (
    acts_editor,
    consent_editor,
    followups_editor,
    perpetrators_editor,
    person_options,
    persons_editor,
    sources_editor,
    submissions_editor,
)
from ui.editor.record_list import RecordListEditor
from ui.editor.region_choice import RegionChoice

_TAB_TITLES = (
    QT_TRANSLATE_NOOP("CaseFields", "Case"),
    QT_TRANSLATE_NOOP("CaseFields", "Categories"),
    QT_TRANSLATE_NOOP("CaseFields", "People"),
    QT_TRANSLATE_NOOP("CaseFields", "Acts"),
    QT_TRANSLATE_NOOP("CaseFields", "Perpetrators"),
    QT_TRANSLATE_NOOP("CaseFields", "Sources"),
    QT_TRANSLATE_NOOP("CaseFields", "Consent"),
    QT_TRANSLATE_NOOP("CaseFields", "Follow-up"),
)


def _case_fields(form: FieldForm) -> None:
    form.add("title", QT_TRANSLATE_NOOP("CaseFields", "Title"), TextLine(), required=True)
    form.add("occurred", QT_TRANSLATE_NOOP("CaseFields", "When it happened"), PartialDateField())
    form.add("received", QT_TRANSLATE_NOOP("CaseFields", "Report received"), FullDateField())
    form.add(
        "intake_channel",
        QT_TRANSLATE_NOOP("CaseFields", "Received through"),
        CodeChoice("intake_channel", nullable=True),
    )
    form.add("location", QT_TRANSLATE_NOOP("CaseFields", "Region"), RegionChoice(), merge=True)
    form.add("location.city", QT_TRANSLATE_NOOP("CaseFields", "City or town"), TextLine())
    form.add(
        "location.address",
        QT_TRANSLATE_NOOP("CaseFields", "Exact place"),
        TextLine(QT_TRANSLATE_NOOP("CaseFields", "Never published")),
    )
    form.add("location.country", QT_TRANSLATE_NOOP("CaseFields", "Country code"), TextLine())
    form.add(
        "place_type",
        QT_TRANSLATE_NOOP("CaseFields", "Type of place"),
        CodeChoice("place_type", nullable=True),
    )
    form.add(
        "confidentiality",
        QT_TRANSLATE_NOOP("CaseFields", "Confidentiality"),
        CodeChoice("confidentiality", nullable=False),
    )
    form.add(
        "narrative",
        QT_TRANSLATE_NOOP("CaseFields", "What happened (narrative)"),
        TextArea(minimum_height=200),
    )
    form.add("notes", QT_TRANSLATE_NOOP("CaseFields", "Internal notes"), TextArea())


def _category_fields(form: FieldForm) -> None:
    form.add(
        "violations", QT_TRANSLATE_NOOP("CaseFields", "Violations"), CodeChecklist("violation", height=320)
    )
    form.add("bias_motivations", QT_TRANSLATE_NOOP("CaseFields", "Bias motivation"), CodeChecklist("bias"))
    form.add(
        "bias_indicators", QT_TRANSLATE_NOOP("CaseFields", "Bias indicators"), CodeChecklist("bias_indicator")
    )


def _police_fields(form: FieldForm) -> None:
    form.add(
        "police_stage",
        QT_TRANSLATE_NOOP("CaseFields", "Police and courts: how far it got"),
        CodeChoice("police_stage", nullable=True),
    )


def _scrolled(widget: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take focus and scroll into view
    scroll.setWidgetResizable(True)
    scroll.setWidget(widget)
    return scroll


class CaseForm(QTabWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case_fields = FieldForm()
        _case_fields(self.case_fields)
        self.category_fields = FieldForm()
        _category_fields(self.category_fields)
        self.police_fields = FieldForm()
        _police_fields(self.police_fields)
        self.persons = persons_editor()
        self.acts = acts_editor()
        self.perpetrators = perpetrators_editor()
        self.sources = sources_editor()
        self.consent = consent_editor()
        self.followups = followups_editor()
        self.submissions = submissions_editor()
        self._forms = (self.case_fields, self.category_fields, self.police_fields)
        self.lists: tuple[RecordListEditor, ...] = (
            self.persons,
            self.acts,
            self.perpetrators,
            self.sources,
            self.consent,
            self.followups,
            self.submissions,
        )
        self._base: dict[str, Any] = new_case_template()

        follow_up = QWidget()
        column = QVBoxLayout(follow_up)
        column.addWidget(self.police_fields)
        self._followup_heading, self._submission_heading = QLabel(), QLabel()
        column.addWidget(self._followup_heading)
        column.addWidget(self.followups, 1)
        column.addWidget(self._submission_heading)
        column.addWidget(self.submissions, 1)
        pages = (
            _scrolled(self.case_fields),
            _scrolled(self.category_fields),
            self.persons,
            self.acts,
            self.perpetrators,
            self.sources,
            self.consent,
            follow_up,
        )
        for page in pages:
            self.addTab(page, "")
        for form in self._forms:
            form.edited.connect(self.edited)
        for editor in self.lists:
            editor.edited.connect(self.edited)
        self.persons.edited.connect(self._offer_people)
        self._problem_tabs: set[int] = set()
        self.retranslate()

    # -- content -------------------------------------------------------------------------------

    def load(self, doc: Mapping[str, Any]) -> None:
        # Keys the form does not show (format, future additions) are carried through untouched.
        self._base = copy.deepcopy(dict(doc))
        for form in self._forms:
            form.load(doc)
        for editor in self.lists:
            records = doc.get(editor.section)
            editor.load(records if isinstance(records, list) else [])
        self._offer_people()
        self.show_problems(())

    def document(self) -> dict[str, Any]:
        doc = copy.deepcopy(self._base)
        for form in self._forms:
            form.write_into(doc)
        for editor in self.lists:
            doc[editor.section] = editor.records()
        return doc

    def show_problems(self, problems: Sequence[Problem]) -> list[str]:
        """Shows each problem next to its field and marks tabs that have some. Returns the
        messages no field could take (shown by the page in its summary)."""
        unplaced: list[str] = []
        self._problem_tabs = set()
        by_form: list[dict[str, str]] = [{} for _ in self._forms]
        for problem in problems:
            placed = False
            for position, form in enumerate(self._forms):
                owner = owner_of(problem.path, form.field_keys())
                if owner is not None:
                    by_form[position].setdefault(owner, problem.message)
                    self._problem_tabs.add(self._tab_of_form(position))
                    placed = True
                    break
            for position, editor in enumerate(self.lists):
                if problem.path.startswith(editor.section + "["):
                    self._problem_tabs.add(min(2 + position, 7))
                    placed = True
            if not placed:
                unplaced.append(problem.message if not problem.path else f"{problem.path}: {problem.message}")
        for form, found in zip(self._forms, by_form, strict=True):
            form.show_problems(found)
        for editor in self.lists:
            editor.show_problems(problems)
        self._title_tabs()
        return unplaced

    def first_problem_tab(self) -> int | None:
        return min(self._problem_tabs) if self._problem_tabs else None

    def wipe(self) -> None:
        self._base = new_case_template()
        for form in self._forms:
            form.wipe()
        for editor in self.lists:
            editor.wipe()
        self._problem_tabs = set()
        self._title_tabs()

    def set_read_only(self, read_only: bool) -> None:
        for form in self._forms:
            form.set_read_only(read_only)
        for editor in self.lists:
            editor.set_read_only(read_only)

    def title_field(self) -> FieldBase | None:
        return self.case_fields.first_field_with("title")

    # -- language ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        for form in self._forms:
            form.retranslate()
        for editor in self.lists:
            editor.retranslate()
        self._followup_heading.setText(QCoreApplication.translate("CaseFields", "Needs and help"))
        self._submission_heading.setText(
            QCoreApplication.translate("CaseFields", "Sent to international bodies")
        )
        self._offer_people()
        self._title_tabs()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- helpers -------------------------------------------------------------------------------

    @staticmethod
    def _tab_of_form(position: int) -> int:
        return (0, 1, 7)[position]

    def _title_tabs(self) -> None:
        for index, source in enumerate(_TAB_TITLES):
            title = QCoreApplication.translate("CaseFields", source)
            self.setTabText(index, ("⚠ " + title) if index in self._problem_tabs else title)

    def _offer_people(self) -> None:
        people = person_options(self.persons.records())
        for editor in (self.acts, self.consent):
            for field in editor.form.fields():
                if isinstance(field, PersonChoice):
                    field.set_people(people)
