"""The Safety tab of the settings: how the panic wipe asks, the wipe after failed unlocks, and the
duress passphrase.

Like the rest of the settings dialog it only collects answers and shows what it is told (by
ui/settings_controller.py through ui/settings_dialog.py). The two wipe choices apply as soon as
they are made; the duress passphrase is set or removed by the session in the background (three
Argon2id runs), with progress here. Its fields are emptied after every attempt and whenever the
dialog is hidden.

Signals:
- wipe_confirmation_chosen(str): intake.preferences ASK_FIRST or IMMEDIATELY
- wipe_after_failed_chosen(int): 0 (off) or MIN_WIPE_AFTER_FAILED-MAX_WIPE_AFTER_FAILED
- duress_set_requested(str, str): current passphrase, duress passphrase (already checked: long
  enough, typed twice alike, not the current one)
- duress_remove_requested(str): current passphrase
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from intake.preferences import ASK_FIRST, IMMEDIATELY, MAX_WIPE_AFTER_FAILED, MIN_WIPE_AFTER_FAILED
from ui.passphrase_feedback import PassphraseFeedback, judge, long_enough

# What the spin box offers when the wipe after failed unlocks is switched on for the first time.
_SUGGESTED_LIMIT = 10


class SafetySettings(QWidget):
    wipe_confirmation_chosen = Signal(str)
    wipe_after_failed_chosen = Signal(int)
    duress_set_requested = Signal(str, str)
    duress_remove_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ask_first = QRadioButton()
        self.immediately = QRadioButton()
        self._confirmation = QButtonGroup(self)
        for button in (self.ask_first, self.immediately):
            self._confirmation.addButton(button)
        self.ask_first.setChecked(True)
        # toggled, not clicked: arrow keys move the choice too. set_values blocks it.
        self.immediately.toggled.connect(self._confirmation_toggled)
        self.wipe_after_enabled = QCheckBox()
        self.wipe_after = QSpinBox()
        self.wipe_after.setRange(MIN_WIPE_AFTER_FAILED, MAX_WIPE_AFTER_FAILED)
        self.wipe_after.setValue(_SUGGESTED_LIMIT)
        self.wipe_after.setKeyboardTracking(False)  # typing "12" saves once, not 1 and then 12
        self.wipe_after.setEnabled(False)
        self.wipe_after_enabled.toggled.connect(self._limit_changed)
        self.wipe_after.valueChanged.connect(self._limit_changed)
        self.wipe_after_note = QLabel()
        self.wipe_after_note.setWordWrap(True)
        self.duress_explanation = QLabel()
        self.duress_explanation.setWordWrap(True)
        self.duress_state = QLabel()
        self.duress_state.setWordWrap(True)
        self.current = QLineEdit()
        self.duress = QLineEdit()
        self.repeat = QLineEdit()
        for field in (self.current, self.duress, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.feedback = PassphraseFeedback()
        self.duress.textChanged.connect(self.feedback.show_for)
        self.repeat.returnPressed.connect(self._request_set)
        self.set_button = QPushButton()
        self.set_button.clicked.connect(self._request_set)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self._request_remove)
        self.remove_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # an Argon2id run cannot report a fraction
        self.progress.setVisible(False)
        self.stage = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self._is_set = False
        self._busy = False
        self._asked: str | None = None  # "set" or "remove" while this panel's request runs
        self._stage_key: str | None = None
        self._build_layout()
        self.retranslate()

    def _build_layout(self) -> None:
        self._panic_group = QGroupBox()
        panic = QVBoxLayout(self._panic_group)
        panic.addWidget(self.ask_first)
        panic.addWidget(self.immediately)
        self._failed_group = QGroupBox()
        failed = QVBoxLayout(self._failed_group)
        row = QHBoxLayout()
        row.addWidget(self.wipe_after_enabled)
        row.addWidget(self.wipe_after)
        row.addStretch(1)
        failed.addLayout(row)
        failed.addWidget(self.wipe_after_note)
        self._duress_group = QGroupBox()
        self._current_label, self._duress_label, self._repeat_label = QLabel(), QLabel(), QLabel()
        form = QFormLayout(self._duress_group)
        form.addRow(self.duress_explanation)
        form.addRow(self.duress_state)
        for label, field in (
            (self._current_label, self.current),
            (self._duress_label, self.duress),
            (self._repeat_label, self.repeat),
        ):
            label.setBuddy(field)
            form.addRow(label, field)
            if field is self.duress:
                form.addRow("", self.feedback)
        buttons = QHBoxLayout()
        buttons.addWidget(self.set_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        form.addRow("", buttons)
        form.addRow(self.progress)
        form.addRow(self.stage)
        form.addRow(self.message)
        layout = QVBoxLayout(self)
        for group in (self._panic_group, self._failed_group, self._duress_group):
            layout.addWidget(group)
        layout.addStretch(1)
        chain = (
            self.ask_first,
            self.immediately,
            self.wipe_after_enabled,
            self.wipe_after,
            self.current,
            self.duress,
            self.repeat,
            self.set_button,
            self.remove_button,
        )
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

    def retranslate(self) -> None:
        self._panic_group.setTitle(self.tr("Panic wipe (Ctrl+Shift+Delete)"))
        self.ask_first.setText(self.tr("Ask first"))
        self.immediately.setText(self.tr("Wipe immediately, without asking"))
        self._failed_group.setTitle(self.tr("Wrong passphrases"))
        self.wipe_after_enabled.setText(self.tr("&Wipe the vault after"))
        self.wipe_after.setAccessibleName(self.tr("Failed unlocks in a row before the vault is wiped"))
        self._show_suffix()
        self.wipe_after_note.setText(
            self.tr(
                "Wrong passphrases in a row are counted, across restarts too; the right one starts "
                "the count again. At the limit the vault is wiped, and the unlock screen says no "
                "more than after any wrong passphrase. These two choices are kept unencrypted next "
                "to the vault, because they are needed before it is unlocked."
            )
        )
        self._duress_group.setTitle(self.tr("Duress passphrase"))
        self.duress_explanation.setText(
            self.tr(
                "Typed at the unlock prompt instead of your passphrase, the duress passphrase "
                "silently wipes this vault and opens a new one under itself, empty or holding the "
                "decoy cases you prepared (Decoy cases tab). It takes as long and looks the same as "
                "a normal unlock.\n\n"
                "It does not stop someone who copied the disk beforehand: their copy still opens "
                "with your passphrase. Changing your passphrase removes the duress passphrase."
            )
        )
        self._current_label.setText(self.tr("&Your passphrase"))
        self._duress_label.setText(self.tr("&Duress passphrase"))
        self._repeat_label.setText(self.tr("Re&peat it"))
        self.current.setAccessibleName(self.tr("Your current passphrase"))
        self.duress.setAccessibleName(self.tr("Duress passphrase"))
        self.repeat.setAccessibleName(self.tr("Repeat the duress passphrase"))
        self.remove_button.setText(self.tr("Re&move it"))
        self.remove_button.setAccessibleName(self.tr("Remove the duress passphrase"))
        self.progress.setAccessibleName(self.tr("Changing the duress passphrase"))
        self.feedback.retranslate()
        self.feedback.show_for(self.duress.text())
        self._show_state()
        self.stage.setText(self._stage_text(self._stage_key))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_values(self, confirmation: str, limit: int) -> None:
        """Shows the saved choices without emitting anything."""
        for widget in (self.immediately, self.wipe_after_enabled, self.wipe_after):
            widget.blockSignals(True)
        (self.immediately if confirmation == IMMEDIATELY else self.ask_first).setChecked(True)
        self.wipe_after_enabled.setChecked(bool(limit))
        self.wipe_after.setEnabled(bool(limit))
        self.wipe_after.setValue(limit or _SUGGESTED_LIMIT)
        for widget in (self.immediately, self.wipe_after_enabled, self.wipe_after):
            widget.blockSignals(False)
        self._show_suffix()

    def show_duress_state(self, is_set: bool) -> None:
        self._is_set = is_set
        self._show_state()

    def is_asking(self) -> bool:
        """True while a request made here runs (the dialog routes progress here then)."""
        return self._asked is not None

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy and self._asked is not None)
        for widget in (
            self.ask_first,
            self.immediately,
            self.wipe_after_enabled,
            self.current,
            self.duress,
            self.repeat,
            self.set_button,
        ):
            widget.setEnabled(not busy)
        self.wipe_after.setEnabled(not busy and self.wipe_after_enabled.isChecked())
        self.remove_button.setEnabled(not busy and self._is_set)
        if busy:
            self.message.setText("")
        else:
            self._asked = None
            self._stage_key = None
            self.stage.setText("")

    def show_progress(self, stage: str) -> None:
        self._stage_key = stage
        self.stage.setText(self._stage_text(stage))

    def show_duress_changed(self, is_set: bool) -> None:
        self.forget_typing()
        self.show_duress_state(is_set)
        self.message.setText(
            self.tr("Duress passphrase set. Keep it as carefully as your passphrase.")
            if is_set
            else self.tr("Duress passphrase removed: only your passphrase opens the vault now.")
        )

    def show_duress_error(self, text: str) -> None:
        self.forget_typing()
        self._asked = None  # a request refused before it started leaves no busy state to end
        self.message.setText(text)
        self.current.setFocus()

    def forget_typing(self) -> None:
        # setText, not clear(): clear() keeps the old text in the field's undo history.
        for field in (self.current, self.duress, self.repeat):
            field.setText("")

    def forget(self) -> None:
        """When the dialog is hidden: nothing typed, no message."""
        self.forget_typing()
        self.message.setText("")

    def _show_state(self) -> None:
        self.duress_state.setText(
            self.tr("A duress passphrase is set for this vault.")
            if self._is_set
            else self.tr("No duress passphrase is set.")
        )
        if self._is_set:
            self.set_button.setText(self.tr("R&eplace the duress passphrase"))
        else:
            self.set_button.setText(self.tr("S&et the duress passphrase"))
        self.set_button.setAccessibleName(self.set_button.text().replace("&", ""))
        self.remove_button.setEnabled(self._is_set and not self._busy)

    def _show_suffix(self) -> None:
        # Numerus: Russian declines the word by the number ("3 неудачные", "5 неудачных").
        self.wipe_after.setSuffix(self.tr(" failed unlock(s)", "", self.wipe_after.value()))

    def _stage_text(self, stage: str | None) -> str:
        if stage is None:
            return ""
        if stage == "deriving_key":
            return self.tr("Checking your passphrase…")
        if stage == "writing_key_file" and self._asked == "remove":
            return self.tr("Saving the key file without the duress passphrase…")
        if stage == "writing_key_file":
            return self.tr("Deriving the keys for both passphrases and saving them…")
        return self.tr("Working…")

    def _confirmation_toggled(self, immediately: bool) -> None:
        self.wipe_confirmation_chosen.emit(IMMEDIATELY if immediately else ASK_FIRST)

    def _limit_changed(self) -> None:
        enabled = self.wipe_after_enabled.isChecked()
        self.wipe_after.setEnabled(enabled and not self._busy)
        self._show_suffix()
        self.wipe_after_failed_chosen.emit(self.wipe_after.value() if enabled else 0)

    def _request_set(self) -> None:
        if self._busy:
            return
        current, duress, repeat = self.current.text(), self.duress.text(), self.repeat.text()
        if not current:
            problem = self.tr("Type your current passphrase first.")
        elif not long_enough(duress):
            problem = judge(duress).advice
        elif duress != repeat:
            problem = self.tr("The two duress passphrases differ. Type it again in both fields.")
        elif duress == current:
            problem = self.tr("The duress passphrase must differ from your passphrase.")
        else:
            self.message.setText("")
            self._asked = "set"
            self.duress_set_requested.emit(current, duress)
            return
        self.message.setText(problem)

    def _request_remove(self) -> None:
        if self._busy:
            return
        current = self.current.text()
        if not current:
            self.message.setText(self.tr("Type your current passphrase first."))
            return
        self.message.setText("")
        self._asked = "remove"
        self.duress_remove_requested.emit(current)
