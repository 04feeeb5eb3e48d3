"""write_new_file: whole or nothing, and never over a file or link that is already there (or
appeared while the data was being made)."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake.new_file import write_new_file


def test_a_new_file_is_written_whole_and_private(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    write_new_file(target, b"%PDF data")
    assert target.read_bytes() == b"%PDF data"
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


def test_nothing_already_there_is_replaced(tmp_path: Path) -> None:
    existing = tmp_path / "taken.pdf"
    existing.write_bytes(b"someone else's")
    with pytest.raises(FileExistsError):
        write_new_file(existing, b"new")
    assert existing.read_bytes() == b"someone else's"

    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"the link's target")
    planted = tmp_path / "planted.pdf"
    planted.symlink_to(elsewhere)
    with pytest.raises(FileExistsError):
        write_new_file(planted, b"new")
    assert planted.is_symlink() and elsewhere.read_bytes() == b"the link's target"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "planted.pdf", "taken.pdf"]
