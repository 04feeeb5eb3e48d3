"""Live feedback while a new passphrase is typed: a strength bar and the core's advice.

The estimate and the minimum length come from the core (intake/passphrase_strength.py,
intake/key_file_io.py), so every screen that asks for a new passphrase judges it the same way.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from intake.key_file_io import MIN_PASSPHRASE_CHARS
from intake.passphrase_strength import Strength, StrengthEstimate, estimate


def judge(passphrase: str) -> StrengthEstimate:
    return estimate(passphrase, MIN_PASSPHRASE_CHARS)


def long_enough(passphrase: str) -> bool:
    return judge(passphrase).strength > Strength.TOO_SHORT


class PassphraseFeedback(QWidget):
    """Call `show_for(text)` on every change of the new-passphrase field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.meter = QProgressBar()
        self.meter.setRange(0, int(Strength.STRONG))
        self.meter.setTextVisible(False)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.meter)
        layout.addWidget(self.advice)
        self.retranslate()

    def retranslate(self) -> None:
        self.meter.setAccessibleName(self.tr("Passphrase strength"))

    def show_for(self, passphrase: str) -> None:
        # The advice comes from the core's catalog, so it follows the language when re-shown.
        result = judge(passphrase)
        self.meter.setValue(int(result.strength))
        self.advice.setText(result.advice if passphrase else "")
