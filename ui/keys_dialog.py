"""Keys: this vault's fingerprint, exporting its public key, importing and deciding on others' keys.

Like the other screens it knows no vault: ui/keys_controller.py fills it (`show_own`,
`show_contacts`, `show_candidate`, `show_message`) and acts on its signals. Approve and Revoke ask
for confirmation here, before the signal. Everything shown is dropped when the dialog hides.

Signals:
- export_key_requested(str): the path chosen for this vault's public-key file
- key_file_chosen(str): the path of a key file to import (the controller then calls show_candidate)
- add_confirmed(str): the name typed for the candidate key, after its fingerprint was shown
- approve_requested(str) / revoke_requested(str): a contact's fingerprint, confirmed by the user
- new_identity_requested(str): a coordinator chose to make a new receiving key of this kind
  (intake.own_age_identity.HYBRID or CLASSIC), after being told what it means
- lock_requested(): Ctrl+L while the dialog has the focus
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFontDatabase, QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intake.contacts import Contact
from intake.own_age_identity import CLASSIC, HYBRID
from ui.file_dialogs import file_dialog
from ui.key_texts import recipient_kind, role_text, spaced_fingerprint, status_text

_SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard


def _fingerprint_label(point_size_factor: float) -> QLabel:
    label = QLabel()
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(font.pointSizeF() * point_size_factor)
    label.setFont(font)
    label.setTextInteractionFlags(_SELECTABLE)
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return label


class KeysDialog(QDialog):
    export_key_requested = Signal(str)
    key_file_chosen = Signal(str)
    add_confirmed = Signal(str)
    approve_requested = Signal(str)
    revoke_requested = Signal(str)
    new_identity_requested = Signal(str)
    lock_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keysDialog")
        self.file_dialog: QFileDialog | None = None  # the last one opened (tests look at it)
        self._own_group, self._candidate_group, self._contacts_group = QGroupBox(), QGroupBox(), QGroupBox()
        self.own_fingerprint = _fingerprint_label(1.6)
        self.own_kind = QLabel()
        self.export_key_button = QPushButton()
        self.export_key_button.clicked.connect(self._choose_export_path)
        # Only a coordinator receives bundles, so only its dialog offers a new receiving key.
        self.new_identity_button = QPushButton()
        self.new_identity_button.clicked.connect(self._confirm_new_identity)
        self.new_identity_button.setVisible(False)
        self.import_key_button = QPushButton()
        self.import_key_button.clicked.connect(self._choose_key_file)
        self.candidate_fingerprint = _fingerprint_label(1.6)
        self.candidate_advice = QLabel()
        self.candidate_advice.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setMaxLength(80)
        self._name_label = QLabel()
        self._name_label.setBuddy(self.name)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(lambda: self.add_confirmed.emit(self.name.text()))
        self.name.returnPressed.connect(self.add_button.click)
        self.discard_button = QPushButton()
        self.discard_button.clicked.connect(self.hide_candidate)
        self.contacts = QTreeWidget()
        self.contacts.setRootIsDecorated(False)
        self.contacts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.contacts.setColumnCount(4)
        self.contacts.currentItemChanged.connect(lambda *_: self._enable_decisions())
        self.approve_button = QPushButton()
        self.approve_button.clicked.connect(self._confirm_approve)
        self.revoke_button = QPushButton()
        self.revoke_button.clicked.connect(self._confirm_revoke)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(_SELECTABLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+L"), self).activated.connect(self.lock_requested)
        self._build_layout()
        self.hide_candidate()
        self._enable_decisions()
        self.retranslate()

    def _build_layout(self) -> None:
        own = QVBoxLayout(self._own_group)
        own.addWidget(self.own_fingerprint)
        own.addWidget(self.own_kind)
        own_buttons = QHBoxLayout()
        own_buttons.addWidget(self.export_key_button)
        own_buttons.addWidget(self.new_identity_button)
        own_buttons.addStretch(1)
        own.addLayout(own_buttons)
        candidate = QVBoxLayout(self._candidate_group)
        candidate.addWidget(self.candidate_fingerprint)
        candidate.addWidget(self.candidate_advice)
        name_row = QHBoxLayout()
        name_row.addWidget(self._name_label)
        name_row.addWidget(self.name, 1)
        candidate.addLayout(name_row)
        candidate_buttons = QHBoxLayout()
        candidate_buttons.addWidget(self.add_button)
        candidate_buttons.addWidget(self.discard_button)
        candidate_buttons.addStretch(1)
        candidate.addLayout(candidate_buttons)
        contacts = QVBoxLayout(self._contacts_group)
        contacts.addWidget(self.contacts)
        decisions = QHBoxLayout()
        decisions.addWidget(self.import_key_button)
        decisions.addStretch(1)
        decisions.addWidget(self.approve_button)
        decisions.addWidget(self.revoke_button)
        contacts.addLayout(decisions)
        layout = QVBoxLayout(self)
        for widget in (self._own_group, self._candidate_group, self._contacts_group, self.message):
            layout.addWidget(widget)
        layout.addWidget(self.buttons)
        close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        chain = [
            self.own_fingerprint,
            self.export_key_button,
            self.new_identity_button,
            self.name,
            self.add_button,
            self.discard_button,
            self.contacts,
            self.import_key_button,
            self.approve_button,
            self.revoke_button,
            close_button,
        ]
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Keys"))
        self._own_group.setTitle(self.tr("This vault's fingerprint"))
        self.own_fingerprint.setAccessibleName(self.tr("This vault's fingerprint"))
        self.export_key_button.setText(self.tr("&Export my public key…"))
        self.import_key_button.setText(self.tr("&Import a key…"))
        self.new_identity_button.setText(self.tr("Ne&w receiving key…"))
        self._candidate_group.setTitle(self.tr("Key to import"))
        self.candidate_fingerprint.setAccessibleName(self.tr("Fingerprint of the key to import"))
        self.candidate_advice.setText(
            self.tr(
                "Before you approve this key, read its fingerprint to its owner over a safe channel "
                "(in person, or a call whose voice you recognise) and check that every group matches. "
                "It is added as not yet approved."
            )
        )
        self._name_label.setText(self.tr("&Name"))
        self.name.setAccessibleName(self.tr("Name for this key"))
        self.add_button.setText(self.tr("&Add the key"))
        self.discard_button.setText(self.tr("&Discard"))
        self._contacts_group.setTitle(self.tr("Other devices' keys"))
        self.contacts.setHeaderLabels(
            [self.tr("Name"), self.tr("Role"), self.tr("Status"), self.tr("Fingerprint")]
        )
        self.contacts.setAccessibleName(self.tr("Other devices' keys"))
        self.approve_button.setText(self.tr("A&pprove…"))
        self.revoke_button.setText(self.tr("&Revoke…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- shown by the controller ---------------------------------------------------------------

    def show_own(self, fingerprint: str, recipient: str | None) -> None:
        self.own_fingerprint.setText(spaced_fingerprint(fingerprint))
        kind = recipient_kind(recipient)
        self.own_kind.setText(
            self.tr("Receives bundles encrypted for: {kind}").format(kind=kind) if kind else ""
        )
        self.own_kind.setVisible(bool(kind))
        self.new_identity_button.setVisible(recipient is not None)

    def show_contacts(self, contacts: list[Contact]) -> None:
        current = self.selected_fingerprint()
        self.contacts.clear()
        for contact in contacts:
            item = QTreeWidgetItem(
                [contact.label, role_text(contact.role), status_text(contact.status), contact.fingerprint]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, contact.fingerprint)
            item.setData(1, Qt.ItemDataRole.UserRole, contact.status)
            self.contacts.addTopLevelItem(item)
            if contact.fingerprint == current:
                self.contacts.setCurrentItem(item)
        self._enable_decisions()

    def show_candidate(self, fingerprint: str, role: str) -> None:
        self.candidate_fingerprint.setText(spaced_fingerprint(fingerprint))
        self._candidate_group.setTitle(self.tr("Key to import: {role}").format(role=role))
        self._candidate_group.setVisible(True)
        self.name.setFocus()

    def hide_candidate(self) -> None:
        self.candidate_fingerprint.setText("")
        self.name.setText("")  # not clear(): that keeps the text in the undo history
        self._candidate_group.setVisible(False)

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def selected_fingerprint(self) -> str | None:
        item = self.contacts.currentItem()
        return None if item is None else str(item.data(0, Qt.ItemDataRole.UserRole))

    def select_contact(self, fingerprint: str) -> None:
        for index in range(self.contacts.topLevelItemCount()):
            item = self.contacts.topLevelItem(index)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == fingerprint:
                self.contacts.setCurrentItem(item)

    # -- the user's actions --------------------------------------------------------------------

    def _choose_export_path(self) -> None:
        dialog = file_dialog(
            self,
            title=self.tr("Export my public key"),
            name_filters=[self.tr("Intake keys (*.pub)")],
            save=True,
        )
        dialog.setDefaultSuffix("pub")
        dialog.selectFile("intake-key.pub")
        dialog.fileSelected.connect(self.export_key_requested)
        self.file_dialog = dialog
        dialog.open()

    def _choose_key_file(self) -> None:
        dialog = file_dialog(
            self,
            title=self.tr("Import a key"),
            name_filters=[self.tr("Intake keys (*.pub)"), self.tr("All files (*)")],
        )
        dialog.fileSelected.connect(self.key_file_chosen)
        self.file_dialog = dialog
        dialog.open()

    def _selected_status(self) -> str | None:
        item = self.contacts.currentItem()
        return None if item is None else str(item.data(1, Qt.ItemDataRole.UserRole))

    def _enable_decisions(self) -> None:
        status = self._selected_status()
        self.approve_button.setEnabled(status == "pending")
        self.revoke_button.setEnabled(status in ("pending", "approved"))

    def _confirm_approve(self) -> None:
        fingerprint = self.selected_fingerprint()
        if fingerprint is None:
            return
        text = self.tr(
            "Approve the key {fingerprint}?\n\nOnly if you have compared this fingerprint with its "
            "owner over a safe channel and every group matches. Bundles it signed that wait in "
            "quarantine will be merged."
        ).format(fingerprint=fingerprint)
        if self._ask(self.tr("Approve key"), text):
            self.approve_requested.emit(fingerprint)

    def _confirm_revoke(self) -> None:
        fingerprint = self.selected_fingerprint()
        if fingerprint is None:
            return
        text = self.tr(
            "Revoke the key {fingerprint}?\n\nThis cannot be undone. Bundles it signs from now on are "
            "held in quarantine, and nothing more is sent to it. If the device really has a new key, "
            "import that one."
        ).format(fingerprint=fingerprint)
        if self._ask(self.tr("Revoke key"), text):
            self.revoke_requested.emit(fingerprint)

    def _confirm_new_identity(self) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("New receiving key"))
        box.setText(
            self.tr(
                "Make a new key for receiving bundles?\n\nVolunteers encrypt to it only after they "
                "import your public key again, so export it and hand it over with the new "
                "fingerprint. Bundles made for your earlier keys still open: those keys are kept."
            )
        )
        box.setInformativeText(
            self.tr(
                "Post-quantum is the default: bundles stay secret even against a future quantum "
                "computer. Choose classic X25519 only to exchange files with the age command-line tool."
            )
        )
        hybrid = box.addButton(self.tr("&Post-quantum (recommended)"), QMessageBox.ButtonRole.AcceptRole)
        classic = box.addButton(self.tr("&Classic X25519"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(hybrid)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        # Synchronous like the other confirmations here: if the vault locked meanwhile, the
        # controller finds no vault when the answer arrives and does nothing.
        box.exec()
        chosen = box.clickedButton()
        if chosen is hybrid:
            self.new_identity_requested.emit(HYBRID)
        elif chosen is classic:
            self.new_identity_requested.emit(CLASSIC)

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def hideEvent(self, event: QHideEvent) -> None:
        self.hide_candidate()
        self.contacts.clear()
        for label in (self.own_fingerprint, self.own_kind, self.message):
            label.setText("")
        super().hideEvent(event)
