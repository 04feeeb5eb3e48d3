"""Errors that reach the user.

Every message here is shown to people, so it says what is wrong and what to do, and it never
contains case content, keys or passphrases: exceptions end up in terminals and crash reports.
"""

from __future__ import annotations


class IntakeError(Exception):
    """A failure with a message fit for the user. `exit_code` is what the CLI returns."""

    exit_code = 1


class BadInputError(IntakeError):
    """The input given (a file, JSON, a code, an argument) is not acceptable. Nothing was written."""

    exit_code = 2


class VaultStateError(IntakeError):
    """The data folder is not in a state the operation can work with (missing, already exists,
    made by a newer version, an interrupted setup). Nothing was written."""

    exit_code = 2


class UnlockError(IntakeError):
    """The vault could not be unlocked: wrong passphrase or damaged key file. Nothing was written."""

    exit_code = 3


class NotFoundError(IntakeError):
    """A case or record asked for by id does not exist."""

    exit_code = 4


class StorageError(IntakeError):
    """The disk refused a write (full, read-only, removed). The vault is as it was before."""

    exit_code = 5


class CancelledError(IntakeError):
    """The user cancelled a long operation; it left nothing behind."""

    exit_code = 130
