"""The case editor page: the form, autosave, seal, history, and what it says about saving.

Autosave is debounced (AUTOSAVE_DELAY_MS after the last change) and `flush()` saves at once; the
shell calls `flush()` before locking, closing or leaving the page, so typed text is never lost.
Content that is not yet a valid case is kept by the core as an unsaved edit inside the vault
(intake.case_editing), and its problems are shown next to the fields.

Signals:
- back_requested(): the user wants the case list (the shell flushes and switches)
- case_saved(str): a revision of this case id was written (the list refreshes)
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake.case_document import Problem
from intake.case_editing import CaseEditing, EditorState, SaveOutcome
from intake.errors import IntakeError
from ui.editor.case_form import CaseForm
from ui.editor.history_dialog import HistoryDialog

AUTOSAVE_DELAY_MS = 1500


class CaseEditorPage(QWidget):
    back_requested = Signal()
    case_saved = Signal(str)
    attachments_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editing: CaseEditing | None = None
        self._state: EditorState | None = None
        self._dirty = False
        self._read_only = False
        self._viewing_old_revision = False
        self._status_text: tuple[str, str] = ("", "")  # (kind, message) re-rendered on language change
        self._problems: tuple[Problem, ...] = ()
        self._history: HistoryDialog | None = None
        self._panic_action: QAction | None = None

        self.back_button = QPushButton()
        self.save_button = QPushButton()
        self.edit_button = QPushButton()
        self.seal_button = QPushButton()
        self.history_button = QPushButton()
        self.attachments_button = QPushButton()
        self.discard_button = QPushButton()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.problem_summary = QLabel()
        self.problem_summary.setWordWrap(True)
        self.problem_summary.hide()
        self.form = CaseForm()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)

        bar = QHBoxLayout()
        for button in (
            self.back_button,
            self.save_button,
            self.edit_button,
            self.seal_button,
            self.history_button,
            self.attachments_button,
            self.discard_button,
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.problem_summary)
        layout.addWidget(self.form, 1)

        self.back_button.clicked.connect(self.back_requested)
        self.save_button.clicked.connect(self.save_now)
        self.edit_button.clicked.connect(self.start_editing)
        self.seal_button.clicked.connect(self._seal_clicked)
        self.history_button.clicked.connect(self.show_history)
        self.attachments_button.clicked.connect(self._attachments_clicked)
        self.discard_button.clicked.connect(self._discard_clicked)
        self.form.edited.connect(self._edited)
        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.activated.connect(self.save_now)
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        back.activated.connect(self.back_requested)
        # Ctrl+Tab comes with QTabWidget; Ctrl+PgDown/PgUp is the other habit (browsers, office
        # suites) and works from any field, including text areas that keep Ctrl+Tab to themselves.
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            switch = QShortcut(QKeySequence(keys), self)
            switch.activated.connect(lambda step=step: self._switch_tab(step))
        self.retranslate()

    def set_panic_action(self, action: QAction) -> None:
        """The page itself gets the panic shortcut from the shell's window; the history dialog is
        modal, and a modal dialog only passes the shortcut on if the action is added to it."""
        self._panic_action = action

    def _switch_tab(self, step: int) -> None:
        self.form.setCurrentIndex((self.form.currentIndex() + step) % self.form.count())

    # -- opening -------------------------------------------------------------------------------

    def attach(self, editing: CaseEditing) -> None:
        self._editing = editing

    def open_new(self) -> None:
        if self._editing is not None:
            self._show(self._editing.new_case())
            self._say("new", "")

    def open_case(self, case_id: str) -> bool:
        if self._editing is None:
            return False
        try:
            self._show(self._editing.open_case(case_id))
        except IntakeError as error:
            self._say("error", str(error))
            return False
        return True

    def open_unfinished(self, key: str) -> bool:
        state = None if self._editing is None else self._editing.open_unsaved_new_case(key)
        if state is not None:
            self._show(state)
        return state is not None

    def current_key(self) -> tuple[str, str | None] | None:
        """(editor key, case id) of what is open: ids only, kept across a lock to reopen it."""
        return None if self._state is None else (self._state.key, self._state.case_id)

    def _show(self, state: EditorState, *, old_revision: bool = False) -> None:
        self._timer.stop()
        self._state = state
        self._dirty = False
        self._viewing_old_revision = old_revision
        self.form.load(state.content)
        sealed_view = state.status == "sealed" and not state.restored_unsaved
        self._read_only = old_revision or sealed_view or not state.editable
        self.form.set_read_only(self._read_only)
        self._show_problems(state.problems)
        if not state.editable:
            self._say("other_device", "")
        elif old_revision:
            self._say("old_revision", str(state.revision))
        elif state.restored_unsaved and state.stale_unsaved:
            self._say("restored_stale", "")
        elif state.restored_unsaved:
            self._say("restored", "")
        elif state.status == "sealed":
            self._say("sealed", "")
        else:
            self._say("opened", "")
        self._update_buttons()
        self.form.setCurrentIndex(0)
        title = self.form.title_field()
        if title is not None and not self._read_only:
            title.setFocus()

    # -- saving --------------------------------------------------------------------------------

    def _edited(self) -> None:
        if self._read_only or self._state is None:
            return
        self._dirty = True
        self._timer.start()
        self._update_buttons()

    def is_dirty(self) -> bool:
        return self._dirty

    def flush(self) -> bool:
        """Saves pending changes now. True when nothing is left unsaved (a revision or an unsaved
        edit holds them); False when the store refused (the message is shown, content kept)."""
        self._timer.stop()
        if not self._dirty or self._editing is None or self._state is None:
            return True
        state = self._state
        try:
            outcome = self._editing.save(state.key, state.case_id, self.form.document())
        except IntakeError as error:
            self._say("error", str(error))
            return False
        except Exception as error:
            # Only the type: an exception's text may quote case content.
            self._say(
                "error",
                self.tr("Could not save ({kind}). Your text is still here.").format(
                    kind=type(error).__name__
                ),
            )
            return False
        self._dirty = False
        self._after_save(outcome)
        return True

    def save_now(self) -> None:
        if self._dirty:
            self.flush()
        elif self._state is not None and not self._problems and self._state.case_id is not None:
            self._say("saved", QTime.currentTime().toString("HH:mm:ss"))

    def _after_save(self, outcome: SaveOutcome) -> None:
        assert self._state is not None
        record = outcome.record
        self._state = EditorState(
            outcome.key,
            outcome.case_id,
            self._state.content,
            record.status if record is not None else self._state.status,
            record.revision if record is not None else self._state.revision,
            not outcome.saved,
            outcome.problems,
        )
        self._show_problems(outcome.problems)
        if outcome.saved:
            self._say("saved", QTime.currentTime().toString("HH:mm:ss"))
            if outcome.case_id is not None:
                self.case_saved.emit(outcome.case_id)
        else:
            self._say("kept", "")
        self._update_buttons()

    # -- sealing, editing a sealed case, history, discarding -------------------------------------

    def start_editing(self) -> None:
        """Unlocks a sealed case for editing; the first change starts a new draft revision."""
        if self._state is None or self._viewing_old_revision:
            return
        self._read_only = False
        self.form.set_read_only(False)
        self._say("editing_sealed", "")
        self._update_buttons()

    def _seal_clicked(self) -> None:
        self.seal()

    def _discard_clicked(self) -> None:
        self.discard()

    def seal(self, *, confirm: bool = True) -> bool:
        if self._editing is None or self._state is None or not self.flush():
            return False
        state = self._state
        if state.case_id is None or self._problems or state.status != "draft":
            self._say("cannot_seal", "")
            return False
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Seal this case"),
                self.tr(
                    "Sealing signs this revision with this device's key and makes it read-only. Later "
                    "changes become a new revision; this one is kept as it is. Seal now?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes or self._state is not state or self._editing is None:
                return False  # declined, or the vault locked while the question was open
        try:
            self._editing.seal(state.case_id)
            self._show(self._editing.open_case(state.case_id))
        except IntakeError as error:
            self._say("error", str(error))
            return False
        self.case_saved.emit(state.case_id)
        return True

    def show_history(self) -> None:
        if self._editing is None or self._state is None or self._state.case_id is None or not self.flush():
            return
        case_id = self._state.case_id
        try:
            dialog = HistoryDialog(
                self._editing.revisions(case_id),
                self._editing.audit_entries(case_id),
                self,
                trail=self._editing.trail(case_id),
            )
        except IntakeError as error:
            self._say("error", str(error))
            return
        dialog.revision_chosen.connect(lambda revision: self.show_revision(case_id, revision))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self._panic_action is not None:
            dialog.addAction(self._panic_action)
        # Closing deletes it: close_case must not reach for it afterwards (and stop half-way).
        dialog.finished.connect(self._history_closed)
        self._history = dialog
        dialog.open()

    def _attachments_clicked(self) -> None:
        # Saved first, so the case exists and what was typed is not lost behind the dialog.
        if self._state is not None and self._state.case_id is not None and self.flush():
            self.attachments_requested.emit(self._state.case_id)

    def _history_closed(self, _result: int) -> None:
        self._history = None

    def show_revision(self, case_id: str, revision: int) -> None:
        if self._editing is None:
            return
        try:
            current = self._editing.open_case(case_id)
            if revision == current.revision:
                self._show(current)
            else:
                self._show(self._editing.open_revision(case_id, revision), old_revision=True)
        except IntakeError as error:
            self._say("error", str(error))

    def may_leave_unfinished(self) -> bool:
        """Leaving a new case that is not yet valid: keep editing (it would vanish from view until
        the next unlock) or discard it. True when the editor may be left."""
        state = self._state
        if state is None or state.case_id is not None or not state.restored_unsaved:
            return True
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Unfinished new case"))
        box.setText(
            self.tr("This new case cannot be saved as a record yet: fix the marked fields, or discard it.")
        )
        keep = box.addButton(self.tr("Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(self.tr("Discard it"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.exec()
        if box.clickedButton() is keep or self._state is not state or self._editing is None:
            return False
        self._editing.discard_new_case(state.key)
        return True

    def discard(self, *, confirm: bool = True) -> None:
        """Drops an unfinished new case, or unsaved changes to a case (back to its last revision)."""
        if self._editing is None or self._state is None:
            return
        state = self._state
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Discard changes"),
                self.tr("Throw away the changes that are not saved as a record?"),
            )
            if answer != QMessageBox.StandardButton.Yes or self._state is not state or self._editing is None:
                return  # declined, or the vault locked while the question was open
        self._timer.stop()
        self._dirty = False
        try:
            self._editing.discard_unsaved(state.key)
            if state.case_id is None:
                self.close_case()
                self.back_requested.emit()
            else:
                self._show(self._editing.open_case(state.case_id))
        except IntakeError as error:
            self._say("error", str(error))

    # -- lock ----------------------------------------------------------------------------------

    def wipe(self) -> None:
        """Forgets the vault, the case and every typed character (at lock, after flush)."""
        self.close_case()
        self._editing = None

    def close_case(self) -> None:
        """Empties the page (leaving it, after flush); the vault stays attached."""
        self._timer.stop()
        if self._history is not None:
            self._history.close()  # it shows revision times, hashes and the author
            self._history = None
        self._state = None
        self._dirty = False
        self._problems = ()
        self.form.wipe()
        self.problem_summary.setText("")
        self.problem_summary.hide()
        self._say("", "")

    # -- display -------------------------------------------------------------------------------

    def _show_problems(self, problems: tuple[Problem, ...]) -> None:
        self._problems = problems
        unplaced = self.form.show_problems(problems)
        self._render_summary(unplaced)

    def _render_summary(self, unplaced: list[str]) -> None:
        if not self._problems:
            self.problem_summary.setText("")
            self.problem_summary.hide()
            return
        text = self.tr(
            "%n field(s) need attention; they are marked in the tabs with ⚠.", "", len(self._problems)
        )
        if unplaced:
            text += "\n" + "\n".join(unplaced)
        self.problem_summary.setText(text)
        self.problem_summary.show()

    def _say(self, kind: str, detail: str) -> None:
        self._status_text = (kind, detail)
        messages = {
            "": "",
            "new": self.tr("New case. It is saved automatically as you type, once it has a title."),
            "opened": self.tr("Draft. Changes are saved automatically."),
            "saved": self.tr("Saved at {time}.").format(time=detail),
            "kept": self.tr(
                "Not yet saved as a record: fix the marked fields. Everything you typed is kept safely "
                "in the vault meanwhile."
            ),
            "restored": self.tr(
                "Restored changes that were not yet valid. Fix the marked fields to save them."
            ),
            "restored_stale": self.tr(
                "Restored changes that were not yet valid. The case was changed elsewhere after they were "
                "made: check them against History before saving, or discard them."
            ),
            "other_device": self.tr("Recorded on another device: read-only here."),
            "sealed": self.tr("Sealed and signed: read-only. Choose Edit to start a new revision."),
            "editing_sealed": self.tr("Editing a sealed case: your first change starts a new revision."),
            "old_revision": self.tr("Viewing revision {revision}, read-only.").format(revision=detail),
            "cannot_seal": self.tr("Only a saved draft without problems can be sealed."),
            "error": detail,
        }
        self.status.setText(messages.get(kind, ""))

    def _update_buttons(self) -> None:
        state = self._state
        sealed_view = (
            state is not None and self._read_only and not self._viewing_old_revision and state.editable
        )
        self.edit_button.setVisible(sealed_view)
        self.save_button.setEnabled(state is not None and not self._read_only)
        self.seal_button.setEnabled(
            state is not None
            and not self._read_only
            and state.case_id is not None
            and state.status == "draft"
        )
        self.history_button.setEnabled(state is not None and state.case_id is not None)
        self.attachments_button.setEnabled(state is not None and state.case_id is not None)
        self.discard_button.setVisible(
            state is not None and (state.case_id is None or state.restored_unsaved)
        )

    def retranslate(self) -> None:
        self.back_button.setText(self.tr("← Cases"))
        self.back_button.setToolTip(self.tr("Back to the case list (Esc)"))
        self.save_button.setText(self.tr("Save"))
        self.save_button.setToolTip(self.tr("Save now (Ctrl+S); drafts are also saved automatically"))
        self.edit_button.setText(self.tr("Edit"))
        self.seal_button.setText(self.tr("Seal…"))
        self.seal_button.setToolTip(self.tr("Sign this revision and make it read-only"))
        self.history_button.setText(self.tr("History…"))
        self.attachments_button.setText(self.tr("Attachments…"))
        self.attachments_button.setToolTip(self.tr("Photos, recordings and documents of this case"))
        self.discard_button.setText(self.tr("Discard changes"))
        self.status.setAccessibleName(self.tr("Save status"))
        self._say(*self._status_text)
        if self._problems and self._editing is not None:
            # The core's messages are in the language they were made in: ask again.
            self._show_problems(self._editing.problems(self.form.document()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
