"""Settings: interface language, auto-lock time and changing the passphrase (General), and the
panic wipe, the wipe after failed unlocks and the duress passphrase (Safety, ui/safety_settings.py),
and the decoy cases a duress unlock puts in the new vault (ui/decoy_cases_panel.py).

Like the other screens it only collects answers and shows what it is told: the controller
(ui/settings_controller.py) saves the language and the wipe choices (intake/preferences.py) and
hands the rest to the session, then calls `set_busy`, `show_progress`, `show_passphrase_changed`
/ `show_passphrase_error`, `show_duress_state` / `show_duress_changed` / `show_duress_error` and
`show_message`. Passphrase fields are emptied after every attempt and whenever the dialog is hidden.

Signals:
- language_chosen(str): "en" or "ru", as soon as it is picked
- auto_lock_minutes_chosen(int): the new auto-lock time, 1-120
- passphrase_change_requested(str, str): current, new (already checked: long enough, repeated)
The Safety tab's own signals are on `safety` (see ui/safety_settings.py).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from intake.vault_settings import DEFAULT_AUTO_LOCK_MINUTES, MAX_AUTO_LOCK_MINUTES, MIN_AUTO_LOCK_MINUTES
from ui.decoy_cases_panel import DecoyCasesPanel
from ui.passphrase_feedback import PassphraseFeedback, judge, long_enough
from ui.safety_settings import SafetySettings

# Each language names itself, so anyone can find theirs whatever is showing.
_LANGUAGES = (("ru", "Русский"), ("en", "English"))


class SettingsDialog(QDialog):
    language_chosen = Signal(str)
    auto_lock_minutes_chosen = Signal(int)
    passphrase_change_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.language = QComboBox()
        for code, name in _LANGUAGES:
            self.language.addItem(name, code)
        self.language.activated.connect(self._language_activated)  # the user's pick only
        self.minutes = QSpinBox()
        self.minutes.setRange(MIN_AUTO_LOCK_MINUTES, MAX_AUTO_LOCK_MINUTES)
        self.minutes.setValue(DEFAULT_AUTO_LOCK_MINUTES)
        # Without keyboard tracking, typing "30" saves once, not 3 then 30.
        self.minutes.setKeyboardTracking(False)
        self.minutes.valueChanged.connect(self._minutes_changed)
        self.current = QLineEdit()
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        for field in (self.current, self.new, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.new.textChanged.connect(self._new_changed)
        self.repeat.returnPressed.connect(self._request_change)
        self.feedback = PassphraseFeedback()
        self.duress_warning = QLabel()
        self.duress_warning.setWordWrap(True)
        self.duress_warning.setVisible(False)
        self.change = QPushButton()
        self.change.clicked.connect(self._request_change)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy indicator: an Argon2id run cannot report a fraction
        self.progress.setVisible(False)
        self.stage = QLabel()
        self.passphrase_message = QLabel()
        self.passphrase_message.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.safety = SafetySettings()
        self.decoys = DecoyCasesPanel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self._stage_key: str | None = None
        self._busy = False
        self._build_layout()
        self.retranslate()

    def _build_layout(self) -> None:
        self._general = QGroupBox()
        self._language_label, self._minutes_label = QLabel(), QLabel()
        self._language_label.setBuddy(self.language)
        self._minutes_label.setBuddy(self.minutes)
        general = QFormLayout(self._general)
        general.addRow(self._language_label, self.language)
        general.addRow(self._minutes_label, self.minutes)
        self._passphrase_group = QGroupBox()
        self._current_label, self._new_label, self._repeat_label = QLabel(), QLabel(), QLabel()
        form = QFormLayout(self._passphrase_group)
        for label, field in (
            (self._current_label, self.current),
            (self._new_label, self.new),
            (self._repeat_label, self.repeat),
        ):
            label.setBuddy(field)
            form.addRow(label, field)
            if field is self.new:
                form.addRow("", self.feedback)
        form.addRow(self.duress_warning)
        form.addRow("", self.change)
        form.addRow(self.progress)
        form.addRow(self.stage)
        form.addRow(self.passphrase_message)
        general_tab = QWidget()
        general_column = QVBoxLayout(general_tab)
        general_column.addWidget(self._general)
        general_column.addWidget(self._passphrase_group)
        general_column.addStretch(1)
        self.tabs = QTabWidget()
        self.tabs.addTab(general_tab, "")
        self.tabs.addTab(self.safety, "")
        self.tabs.addTab(self.decoys, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        chain = [self.language, self.minutes, self.current, self.new, self.repeat, self.change]
        close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        for first, second in zip([*chain], [*chain[1:], close_button], strict=True):
            self.setTabOrder(first, second)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.tabs.setTabText(0, self.tr("General"))
        self.tabs.setTabText(1, self.tr("Safety"))
        self.tabs.setTabText(2, self.tr("Decoy cases"))
        self.duress_warning.setText(
            self.tr(
                "This vault has a duress passphrase. Changing the passphrase removes it: set it "
                "again afterwards on the Safety tab if you still want one."
            )
        )
        self._general.setTitle(self.tr("General"))
        self._language_label.setText(self.tr("&Language"))
        self.language.setAccessibleName(self.tr("Interface language"))
        self._minutes_label.setText(self.tr("Lock &after"))
        self.minutes.setAccessibleName(self.tr("Minutes without input before Intake locks itself"))
        self._show_suffix()
        self._passphrase_group.setTitle(self.tr("Change the passphrase"))
        self._current_label.setText(self.tr("C&urrent passphrase"))
        self._new_label.setText(self.tr("&New passphrase"))
        self._repeat_label.setText(self.tr("&Repeat the new one"))
        self.current.setAccessibleName(self.tr("Current passphrase"))
        self.new.setAccessibleName(self.tr("New passphrase"))
        self.repeat.setAccessibleName(self.tr("Repeat the new passphrase"))
        self.change.setText(self.tr("&Change the passphrase"))
        self.change.setAccessibleName(self.tr("Change the passphrase"))
        self.progress.setAccessibleName(self.tr("Changing the passphrase"))
        self.feedback.retranslate()
        self.feedback.show_for(self.new.text())  # the advice comes from the core in the new language
        self.stage.setText(self._stage_text(self._stage_key))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_values(self, language: str, minutes: int) -> None:
        """Shows the current settings without emitting anything."""
        index = self.language.findData(language)
        if index >= 0:
            self.language.setCurrentIndex(index)
        self.minutes.blockSignals(True)
        self.minutes.setValue(minutes)
        self.minutes.blockSignals(False)
        self._show_suffix()

    def show_duress_state(self, is_set: bool) -> None:
        """Whether the vault has a duress passphrase: the Safety tab says so, and a passphrase
        change warns that it would remove it."""
        self.duress_warning.setVisible(is_set)
        self.safety.show_duress_state(is_set)

    def show_duress_changed(self, is_set: bool) -> None:
        self.duress_warning.setVisible(is_set)
        self.safety.show_duress_changed(is_set)

    def show_duress_error(self, text: str) -> None:
        self.safety.show_duress_error(text)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        # The Safety tab shows the progress of what it asked for itself.
        safety_asked = self.safety.is_asking()
        self.safety.set_busy(busy)
        self.decoys.set_busy(busy)
        self.progress.setVisible(busy and not safety_asked)
        # The auto-lock time is saved through the connection the passphrase change is using.
        # So does switching the language (the case list re-reads its labels from the store).
        for widget in (self.current, self.new, self.repeat, self.change, self.minutes, self.language):
            widget.setEnabled(not busy)
        self.buttons.setEnabled(not busy)
        if busy:
            self.passphrase_message.setText("")
        else:
            self._stage_key = None
            self.stage.setText("")
            # Disabling dropped the focus.
            (self.safety.current if safety_asked else self.current).setFocus()

    def show_progress(self, stage: str) -> None:
        if self.safety.is_asking():
            self.safety.show_progress(stage)
            return
        self._stage_key = stage
        self.stage.setText(self._stage_text(stage))

    def show_passphrase_changed(self, duress_removed: bool = False) -> None:
        self._wipe_passphrases()
        text = self.tr(
            "Passphrase changed. Use the new one from now on: the old one no longer opens the vault."
        )
        if duress_removed:
            self.show_duress_state(False)
            text += " " + self.tr(
                "The duress passphrase was removed with the old passphrase; set a new one on the "
                "Safety tab if you want one."
            )
        self.passphrase_message.setText(text)

    def show_passphrase_error(self, text: str) -> None:
        self._wipe_passphrases()
        self.passphrase_message.setText(text)
        self.current.setFocus()

    def show_message(self, text: str) -> None:
        """A message about the other settings (e.g. the language could not be saved)."""
        self.message.setText(text)

    def _stage_text(self, stage: str | None) -> str:
        if stage is None:
            return ""
        if stage == "deriving_key":
            return self.tr("Checking the current passphrase…")
        if stage == "writing_key_file":
            return self.tr("Deriving the key for the new passphrase and saving it…")
        return self.tr("Working…")

    def _show_suffix(self) -> None:
        # Numerus: Russian declines the word by the number ("1 минута", "3 минуты", "10 минут").
        self.minutes.setSuffix(self.tr(" min", "", self.minutes.value()))

    def _language_activated(self, index: int) -> None:
        self.language_chosen.emit(str(self.language.itemData(index)))

    def _minutes_changed(self, minutes: int) -> None:
        self._show_suffix()
        self.auto_lock_minutes_chosen.emit(minutes)

    def _new_changed(self, text: str) -> None:
        self.feedback.show_for(text)

    def _request_change(self) -> None:
        if self._busy:
            return
        current, new, repeat = self.current.text(), self.new.text(), self.repeat.text()
        if not current:
            problem = self.tr("Type your current passphrase first.")
        elif not long_enough(new):
            problem = judge(new).advice
        elif new != repeat:
            problem = self.tr("The two new passphrases differ. Type the new one again in both fields.")
        elif new == current:
            problem = self.tr("The new passphrase is the same as the current one.")
        else:
            self.passphrase_message.setText("")
            self.passphrase_change_requested.emit(current, new)
            return
        self.passphrase_message.setText(problem)

    def _wipe_passphrases(self) -> None:
        # setText, not clear(): clear() keeps the old text in the field's undo history.
        for field in (self.current, self.new, self.repeat):
            field.setText("")

    def reject(self) -> None:
        if self._busy:
            return  # the change must finish (and be reported) before the dialog can go
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            event.ignore()
            return
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._wipe_passphrases()
        self.safety.forget()
        self.decoys.forget()
        self.passphrase_message.setText("")
        self.message.setText("")
        super().hideEvent(event)
