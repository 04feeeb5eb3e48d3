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
                text = (
                    sys.stdin.read() if self._file == STDIN else Path(self._file).read_text(encoding="utf-8")
                )
            except (OSError, UnicodeDecodeError) as exc:
                raise BadInputError(
                    _("The passphrase file cannot be read ({reason}).").format(reason=type(exc).__name__)
                ) from None
            self._lines = text.splitlines()
        return self._lines

    @property
    def uses_stdin(self) -> bool:
        return self._file == STDIN

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
        first = getpass.getpass(prompt)
        if confirm:
            again = getpass.getpass(_("Repeat the passphrase: "))
            if again != first:
                raise BadInputError(_("The two passphrases differ. Nothing was changed."))
        return first
