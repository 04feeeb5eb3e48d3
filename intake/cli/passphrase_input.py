"""Where the CLI gets passphrases: the terminal, or a file / stdin for scripts.

Never argv (visible in `ps` and shell history) and never the environment (inherited by every child
process and often logged).
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from intake.errors import BadInputError
from intake.i18n import _

STDIN = "-"


class PassphraseSource:
    """Hands out passphrases in order. With a file (or stdin), line 1 is the first passphrase asked
    for, line 2 the second (e.g. current then new for `passwd`)."""

    def __init__(self, passphrase_file: str | None) -> None:
        self._file = passphrase_file
        self._lines: list[str] | None = None

    def _file_lines(self) -> list[str]:
        if self._lines is None:
            assert self._file is not None
            try:
                raw = sys.stdin.buffer.read() if self._file == STDIN else Path(self._file).read_bytes()
                # utf-8-sig: a file saved by Notepad starts with a BOM that is not part of the
                # passphrase.
                text = raw.decode("utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise BadInputError(
                    _("The passphrase file cannot be read ({reason}).").format(reason=type(exc).__name__)
                ) from None
            # Only newline separates passphrases (with an optional CR before it): splitlines()
            # would also split on characters such as U+2028 that can be part of a passphrase.
            self._lines = [line.removesuffix("\r") for line in text.split("\n")]
            if self._lines and self._lines[-1] == "":
                self._lines.pop()
        return self._lines

    def read(self, prompt: str, *, confirm: bool = False) -> str:
        if self._file is not None:
            lines = self._file_lines()
            if not lines:
                raise BadInputError(_("The passphrase file has no more lines."))
            return lines.pop(0)
        if not sys.stdin.isatty():
            raise BadInputError(
                _(
                    "No terminal to ask for the passphrase. "
                    "Use --passphrase-file FILE (or - for standard input)."
                )
            )
        try:
            first = getpass.getpass(prompt)
            again = getpass.getpass(_("Repeat the passphrase: ")) if confirm else first
        except EOFError:
            raise BadInputError(_("No passphrase was entered. Nothing was changed.")) from None
        if again != first:
            raise BadInputError(_("The two passphrases differ. Nothing was changed."))
        return first
