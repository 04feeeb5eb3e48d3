"""File choosers and small file writes that leave no trace of where the user went.

Qt's own file dialog (never the platform's: that one feeds the desktop's "recent files") still
saves its history, last visited folder and sidebar to the "QtProject" settings when it is
destroyed. `keep_qt_settings_off_disk()` points every file-based QSettings path at a folder that
cannot exist, so such writes fail silently and nothing lands on disk. (On Linux that covers the
native format too; on Windows and macOS the native store is the registry / a plist, which a path
cannot redirect: see the report for ui/file_dialogs.py.)

`write_text_atomically` uses QSaveFile: the target appears whole or not at all.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDir, QSaveFile, QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

NOWHERE = os.path.join(os.devnull, "intake-keeps-no-settings")


def keep_qt_settings_off_disk() -> None:
    """Idempotent; call before any file dialog is made."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for settings_format in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(settings_format, scope, NOWHERE)


def file_dialog(
    parent: QWidget | None, *, title: str, name_filters: list[str], save: bool = False, many: bool = False
) -> QFileDialog:
    """A window-modal, non-native dialog starting in the home folder with an empty history.
    Connect to `fileSelected` / `filesSelected`, then call `open()`."""
    keep_qt_settings_off_disk()
    dialog = QFileDialog(parent, title, QDir.homePath())
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
    dialog.setHistory([])
    dialog.setNameFilters(name_filters)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles if many else QFileDialog.FileMode.ExistingFile)
    dialog.finished.connect(dialog.deleteLater)
    return dialog


def write_text_atomically(path: Path, text: str) -> str | None:
    """Writes `text` (ASCII/UTF-8) to `path` whole or not at all; returns a message on failure."""
    saver = QSaveFile(str(path))
    if saver.open(QSaveFile.OpenModeFlag.WriteOnly):
        data = text.encode("utf-8")
        if saver.write(data) == len(data) and saver.commit():
            return None
    saver.cancelWriting()
    return QCoreApplication.translate("FileDialogs", "The file could not be written ({reason}).").format(
        reason=saver.errorString()
    )


def read_small_file(path: Path, limit: int) -> bytes:
    """At most `limit + 1` bytes of a regular file (a key file is tiny; more means it is not one).
    Raises OSError."""
    with path.open("rb") as source:
        return source.read(limit + 1)
