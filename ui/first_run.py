"""First run: language, role, what is and is not protected, the panic wipe, and the passphrase.

The wizard only collects answers. It emits `language_chosen` as soon as a language is picked (so
the rest of the wizard is already in that language) and `create_requested` at the end; whoever
listens creates the vault and calls `set_busy` / `show_message`. The panic-wipe choice is read
with `wipe_confirmation()` once the vault exists: before that, setup writes nothing anywhere.
After a wipe the shell calls `start_over`, so the wizard looks as it did on the very first start.

Signals:
- language_chosen(str): "en" or "ru"
- create_requested(str, str): role ("field" | "coordinator"), passphrase
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QLabel,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from intake.i18n import SUPPORTED_LANGUAGES
from intake.key_file_io import MIN_PASSPHRASE_CHARS
from intake.passphrase_strength import Strength, estimate
from intake.preferences import ASK_FIRST, IMMEDIATELY


class _ChoicePage(QWizardPage):
    """Radio buttons for one choice; `value()` is the chosen option's key."""

    def __init__(self, options: list[str]) -> None:
        super().__init__()
        self.group = QButtonGroup(self)
        self._buttons: dict[str, QRadioButton] = {}
        self._note = QLabel()
        self._note.setWordWrap(True)
        layout = QVBoxLayout(self)
        for index, key in enumerate(options):
            button = QRadioButton()
            button.setChecked(index == 0)
            self.group.addButton(button)
            self._buttons[key] = button
            layout.addWidget(button)
        layout.addWidget(self._note)
        layout.addStretch(1)

    def button(self, key: str) -> QRadioButton:
        return self._buttons[key]

    def buttons(self) -> list[QRadioButton]:
        return list(self._buttons.values())

    def value(self) -> str:
        return next(key for key, button in self._buttons.items() if button.isChecked())


class LanguagePage(_ChoicePage):
    def __init__(self) -> None:
        super().__init__(["en", "ru"])
        # Each language names itself, so anyone can find theirs whatever is showing.
        self.button("en").setText("English")
        self.button("ru").setText("Русский")

    def retranslate(self) -> None:
        self.setTitle(self.tr("Language"))
        self._note.setText(self.tr("You can change the language later in the settings."))


class RolePage(_ChoicePage):
    def __init__(self) -> None:
        super().__init__(["field", "coordinator"])

    def retranslate(self) -> None:
        self.setTitle(self.tr("Your role"))
        self.button("field").setText(self.tr("Field volunteer: I record testimony"))
        self.button("coordinator").setText(
            self.tr("Coordinator: I collect and analyse cases from volunteers")
        )
        self._note.setText(
            self.tr("The role decides which tools you see. It is stored inside the encrypted vault.")
        )


class ProtectionPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self._text = QLabel()
        self._text.setWordWrap(True)
        QVBoxLayout(self).addWidget(self._text)

    def retranslate(self) -> None:
        self.setTitle(self.tr("What Intake protects, and what it does not"))
        self._text.setText(
            self.tr(
                "Everything you record is kept encrypted on this computer. Without your passphrase, "
                "someone who takes the laptop while it is off or locked cannot read it.\n\n"
                "Intake cannot protect you from spying software on this computer, from someone "
                "watching your screen, or from a laptop taken while the vault is unlocked. Lock it "
                "whenever you step away.\n\n"
                "There is no way to recover a forgotten passphrase. Nobody, including us, can open "
                "the vault without it."
            )
        )


class PanicWipePage(_ChoicePage):
    def __init__(self) -> None:
        super().__init__([ASK_FIRST, IMMEDIATELY])
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self._intro)
        layout.insertSpacing(1, 12)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Wiping everything in a hurry"))
        self._intro.setText(
            self.tr(
                "If the laptop is about to be taken, the button “Wipe everything now…” or "
                "Ctrl+Shift+Delete destroys the vault at once, on every screen. From that moment "
                "the data cannot be recovered by anyone, not even with the passphrase."
            )
        )
        self.button(ASK_FIRST).setText(self.tr("Ask me first (recommended)"))
        self.button(IMMEDIATELY).setText(self.tr("Wipe immediately, without asking"))
        self._note.setText(
            self.tr(
                "You can change this later in the settings. There you can also switch on a duress "
                "passphrase, which wipes the vault when typed at the unlock prompt, and a wipe after "
                "too many wrong passphrases."
            )
        )


class PassphrasePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.first = QLineEdit()
        self.second = QLineEdit()
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.textChanged.connect(self._update)
        self._meter = QProgressBar()
        self._meter.setRange(0, int(Strength.STRONG))
        self._meter.setTextVisible(False)
        self._advice = QLabel()
        self._advice.setWordWrap(True)
        self._match = QLabel()
        self._first_label, self._second_label = QLabel(), QLabel()
        self._first_label.setBuddy(self.first)
        self._second_label.setBuddy(self.second)
        self._layout = QVBoxLayout(self)
        for widget in (
            self._first_label,
            self.first,
            self._meter,
            self._advice,
            self._second_label,
            self.second,
            self._match,
        ):
            self._layout.addWidget(widget)

    def add_below(self, widget: QWidget) -> None:
        self._layout.addWidget(widget)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Choose a passphrase"))
        self._first_label.setText(self.tr("&Passphrase"))
        self._second_label.setText(self.tr("&Repeat it"))
        self.first.setAccessibleName(self.tr("Passphrase"))
        self.second.setAccessibleName(self.tr("Repeat the passphrase"))
        self._meter.setAccessibleName(self.tr("Passphrase strength"))
        self._update()

    def _update(self) -> None:
        result = estimate(self.first.text(), MIN_PASSPHRASE_CHARS)
        self._meter.setValue(int(result.strength))
        self._advice.setText(result.advice if self.first.text() else "")
        mismatch = bool(self.second.text()) and self.second.text() != self.first.text()
        self._match.setText(self.tr("The two passphrases differ.") if mismatch else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return (
            estimate(self.first.text(), MIN_PASSPHRASE_CHARS).strength > Strength.TOO_SHORT
            and self.first.text() == self.second.text()
        )


class FirstRunWizard(QWizard):
    language_chosen = Signal(str)
    create_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRun")
        self.language_page = LanguagePage()
        self.role_page = RolePage()
        self.protection_page = ProtectionPage()
        self.panic_page = PanicWipePage()
        self.passphrase_page = PassphrasePage()
        self._pages = (
            self.language_page,
            self.role_page,
            self.protection_page,
            self.panic_page,
            self.passphrase_page,
        )
        for page in self._pages:
            self.addPage(page)
        self._status = QLabel()
        self._progress = QProgressBar()
        self._progress.setRange(0, 0)
        self._progress.setVisible(False)
        self.passphrase_page.add_below(self._progress)
        self.passphrase_page.add_below(self._status)
        # Esc or Cancel would hide the wizard and leave an empty window: there is nothing to go
        # back to before a vault exists.
        self.setOption(QWizard.WizardOption.NoCancelButton, True)
        self.language_page.group.buttonClicked.connect(self._language_clicked)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Set up Intake"))
        # QWizard's own buttons are not retranslated by Qt after a language change.
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Create the vault"))
        self._progress.setAccessibleName(self.tr("Creating the vault"))
        for page in self._pages:
            page.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def select_language(self, language: str) -> None:
        """Shows `language` as chosen (the one the app starts in) without emitting anything."""
        if language in SUPPORTED_LANGUAGES:
            self.language_page.button(language).setChecked(True)

    def wipe_confirmation(self) -> str:
        """The panic-wipe choice: intake.preferences ASK_FIRST or IMMEDIATELY."""
        return self.panic_page.value()

    def _language_clicked(self) -> None:
        self.language_chosen.emit(self.language_page.value())

    def reject(self) -> None:
        pass  # see NoCancelButton above: Esc must not hide the only screen there is

    def accept(self) -> None:
        # The dialog stays open until the vault exists: the listener calls `finish` then.
        self.create_requested.emit(self.role_page.value(), self.passphrase_page.first.text())

    def set_busy(self, busy: bool) -> None:
        self._progress.setVisible(busy)
        if busy:  # when it ends, a failure message may have just been shown: keep it
            self._status.setText(self.tr("Creating the vault and deriving its key…"))
        self.passphrase_page.setEnabled(not busy)
        for button in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton):
            self.button(button).setEnabled(not busy)

    def show_message(self, text: str) -> None:
        self._status.setText(text)

    def finish(self) -> None:
        """The vault exists: forget the passphrase fields and close."""
        self._forget_passphrases()
        super().accept()

    def start_over(self, language: str) -> None:
        """Back to the first page with every answer at its default and nothing typed or said, as
        on a computer where Intake was never set up (after a wipe). `language` stays chosen."""
        self._forget_passphrases()
        self.role_page.button("field").setChecked(True)
        self.panic_page.button(ASK_FIRST).setChecked(True)
        self.select_language(language)
        self._status.setText("")
        self.set_busy(False)
        self.restart()

    def _forget_passphrases(self) -> None:
        # setText, not clear(): clear() keeps the old text in the field's undo history.
        self.passphrase_page.first.setText("")
        self.passphrase_page.second.setText("")
