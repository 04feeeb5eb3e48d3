"""The language preference outside the vault, and the auto-lock time inside it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from crypto.kdf import MINIMUM
from intake.errors import BadInputError
from intake.preferences import read_language, write_language
from intake.vault import create_vault, unlock_vault
from intake.vault_layout import VaultLayout
from intake.vault_settings import (
    AUTO_LOCK_MINUTES,
    DEFAULT_AUTO_LOCK_MINUTES,
    Role,
    get_auto_lock_minutes,
    get_setting,
    set_auto_lock_minutes,
    set_setting,
)
from tests.support import PASSPHRASE, case_doc, encodings_of, find_markers, snapshot
from ui.idle_lock import DEFAULT_MINUTES


@pytest.mark.parametrize("language", ["ru", "en"])
def test_language_round_trip(tmp_path: Path, language: str) -> None:
    layout = VaultLayout(tmp_path / "data")
    write_language(layout, language)
    assert read_language(layout) == language


def test_a_later_choice_replaces_the_earlier_one_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    layout = VaultLayout(tmp_path)
    write_language(layout, "ru")
    write_language(layout, "en")
    assert read_language(layout) == "en"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["preferences.json"]


def test_a_temporary_file_left_by_a_crash_is_removed_on_the_next_write(tmp_path: Path) -> None:
    layout = VaultLayout(tmp_path)
    stale = tmp_path / ".preferences.json.0123456789abcdef.tmp"
    stale.write_bytes(b'{"language": "r')
    write_language(layout, "ru")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["preferences.json"]


def test_only_the_language_is_written_and_no_case_content(tmp_path: Path) -> None:
    marker = "МАРКЕР-ПРЕДПОЧТЕНИЙ-7731"
    root = tmp_path / "vault"
    with create_vault(root, PASSPHRASE, Role.COORDINATOR, params=MINIMUM) as vault:
        vault.store.create_case(case_doc(marker, narrative=marker))
        set_auto_lock_minutes(vault.connection, 17)
        write_language(vault.layout, "ru")
    layout = VaultLayout(root)
    assert json.loads(layout.preferences.read_text(encoding="utf-8")) == {"language": "ru"}
    data = layout.preferences.read_bytes()
    for secret in (marker, "coordinator", "17"):
        assert not any(encoded in data for encoded in encodings_of(secret)), secret
    assert find_markers([root], [marker]) == []
    assert layout.preferences.stat().st_mode & 0o077 == 0  # readable by the owner only


def test_missing_file_or_folder_means_no_preference(tmp_path: Path) -> None:
    assert read_language(VaultLayout(tmp_path)) is None
    assert read_language(VaultLayout(tmp_path / "no such folder")) is None


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xff\xfe not utf-8",
        b'{"language": "ru"',  # truncated by a crash of something other than us
        b'["ru"]',
        b'{"language": "de"}',
        b'{"language": 7}',
        b'{"language": "ru", "padding": "' + b"x" * 2000 + b'"}',  # too large to be ours
    ],
)
def test_a_damaged_file_means_no_preference(tmp_path: Path, content: bytes) -> None:
    layout = VaultLayout(tmp_path)
    layout.preferences.write_bytes(content)
    assert read_language(layout) is None


def test_something_that_is_not_a_regular_file_is_not_read(tmp_path: Path) -> None:
    layout = VaultLayout(tmp_path)
    os.mkfifo(layout.preferences)  # reading a FIFO would block forever
    assert read_language(layout) is None
    layout.preferences.unlink()
    layout.preferences.mkdir()
    assert read_language(layout) is None


def test_an_unsupported_language_is_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unsupported"):
        write_language(VaultLayout(tmp_path), "de")
    assert list(tmp_path.iterdir()) == []


def test_a_vault_can_be_created_and_unlocked_next_to_the_preferences_file(tmp_path: Path) -> None:
    # The language is chosen on the first screen, before any vault exists.
    layout = VaultLayout(tmp_path / "fresh")
    write_language(layout, "ru")
    create_vault(layout.root, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    with unlock_vault(layout.root, PASSPHRASE) as vault:
        assert vault.role is Role.FIELD
    assert read_language(layout) == "ru"


@pytest.fixture
def vault_conn(tmp_path: Path) -> Any:
    with create_vault(tmp_path / "vault", PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        yield vault.connection


def test_auto_lock_defaults_to_five_minutes(vault_conn: Any) -> None:
    assert get_auto_lock_minutes(vault_conn) == DEFAULT_AUTO_LOCK_MINUTES == DEFAULT_MINUTES == 5


@pytest.mark.parametrize("minutes", [1, 15, 120])
def test_auto_lock_round_trip(vault_conn: Any, minutes: int) -> None:
    set_auto_lock_minutes(vault_conn, minutes)
    assert get_auto_lock_minutes(vault_conn) == minutes
    assert not vault_conn.in_transaction  # committed


@pytest.mark.parametrize("minutes", [0, -5, 121, 100_000])
def test_auto_lock_out_of_range_is_refused_and_changes_nothing(vault_conn: Any, minutes: int) -> None:
    set_auto_lock_minutes(vault_conn, 30)
    with pytest.raises(BadInputError, match="between 1 and 120"):
        set_auto_lock_minutes(vault_conn, minutes)
    assert get_auto_lock_minutes(vault_conn) == 30


@pytest.mark.parametrize("stored", ["0", "121", "-3", "", "five", "5.5", "1e3"])
def test_unusable_stored_auto_lock_values_fall_back_to_the_default(vault_conn: Any, stored: str) -> None:
    set_setting(vault_conn, AUTO_LOCK_MINUTES, stored)
    assert get_auto_lock_minutes(vault_conn) == DEFAULT_AUTO_LOCK_MINUTES


def test_auto_lock_survives_locking_and_is_stored_encrypted(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        set_auto_lock_minutes(vault.connection, 42)
    before = snapshot(root)
    with unlock_vault(root, PASSPHRASE) as vault:
        assert get_auto_lock_minutes(vault.connection) == 42
        assert get_setting(vault.connection, AUTO_LOCK_MINUTES) == "42"
    assert find_markers([root], ["auto_lock_minutes"]) == []
    assert before.keys() == {"vault.aux", "vault.db", "vault.key"}
