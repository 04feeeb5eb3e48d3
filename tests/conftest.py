"""Shared fixtures: real encrypted databases in tmp_path, a deterministic clock, the vocabularies."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

# Real Qt widgets without a display, whether pytest runs from ./test.sh or directly.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from intake.database import create_database
from intake.migrations import migrate
from intake.vocabulary import Vocabularies, default_vocabularies


class TickingClock:
    """Starts at a fixed instant and moves one second forward on every reading, so every
    timestamp a test sees is predictable and distinct without sleeping."""

    def __init__(self, start: datetime = datetime(2026, 11, 22, 3, 4, 5, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        current = self.now
        self.now += timedelta(seconds=1)
        return current


@pytest.fixture
def clock() -> TickingClock:
    return TickingClock()


@pytest.fixture
def language(qapp: Any) -> Iterator[Any]:
    """The app's language switcher; English again afterwards, whatever the test switched to."""
    from ui.language import LanguageSwitcher  # imported here: core tests need no Qt

    switcher = LanguageSwitcher()
    yield switcher
    switcher.apply("en")


@pytest.fixture
def vocab() -> Vocabularies:
    return default_vocabularies()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "t.db"


@pytest.fixture
def empty_db(db_path: Path) -> Iterator[Any]:
    """A new SQLCipher database at schema version 0 (nothing migrated yet)."""
    conn = create_database(db_path, bytearray(os.urandom(32)))
    yield conn
    conn.close()


@pytest.fixture
def db(empty_db: Any) -> Any:
    """A new SQLCipher database migrated to the latest schema."""
    migrate(empty_db)
    return empty_db
