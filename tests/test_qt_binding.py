"""Guards against a Qt binding that corrupts Python's reference counts.

PySide6 6.12.0 releases one reference to True/False too many each time a Signal(bool) reaches a
Python slot; after enough emissions the interpreter aborts (seen as "bool_dealloc" at exit). The
project pins 6.11.3; this test fails on any binding with that defect.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    flag = Signal(bool)


class _Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def take(self, value: bool) -> None:
        self.seen += int(value) + 1


def test_bool_signals_keep_reference_counts_intact() -> None:
    emitter, receiver = _Emitter(), _Receiver()
    emitter.flag.connect(receiver.take)
    emitter.flag.connect(lambda value: None)
    before = (sys.getrefcount(True), sys.getrefcount(False))
    for _ in range(200):
        emitter.flag.emit(True)
        emitter.flag.emit(False)
    after = (sys.getrefcount(True), sys.getrefcount(False))
    assert receiver.seen == 600
    assert after == before
