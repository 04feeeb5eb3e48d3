"""Attachment files on the disk (intake/attachments.py `extract` and `delete_original`, and the
desktop's add task): a decrypted copy appears whole or not at all, also when cancelled and on file
systems without hard links (FAT32, exFAT: USB sticks), never through a symbolic link; deleting an
original refuses where deleting would only look done (a link, another hard link, a file replaced
after it was read). Real vaults, real files."""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from crypto.kdf import MINIMUM
from intake.attachments import CHUNK_BYTES, Attachment, delete_original, file_identity
from intake.errors import BadInputError, CancelledError, StorageError
from intake.vault import Vault, create_vault
from intake.vault_settings import Role
from tests.support import PASSPHRASE, case_doc
from ui.attachment_tasks import AddedFile, add_task

DATA = b"%PDF-1.4\n" + bytes(range(256)) * (3 * CHUNK_BYTES // 256)  # three chunks and more


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with create_vault(tmp_path / "vault", PASSPHRASE, Role.FIELD, params=MINIMUM) as opened:
        yield opened


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """The folder copies are saved to; a test's checks see everything written there."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _added(vault: Vault, tmp_path: Path, data: bytes = DATA, name: str = "отказ.pdf") -> Attachment:
    case_id = vault.store.create_case(case_doc("Дело с файлами")).case_id
    source = tmp_path / name
    source.write_bytes(data)
    return vault.attachments.add_file(case_id, source)


def _no_hard_links(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """link() fails as it does on FAT32 and exFAT (EPERM); returns the destinations it was asked for."""
    asked: list[Path] = []

    def refuse(_source: object, destination: object, *_args: object, **_kwargs: object) -> None:
        asked.append(Path(str(destination)))
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", refuse)
    return asked


# -- cancelling ---------------------------------------------------------------------------------


def test_a_cancelled_copy_stops_at_the_next_chunk_and_leaves_nothing(
    vault: Vault, tmp_path: Path, out: Path
) -> None:
    added = _added(vault, tmp_path)
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int, _total: int) -> None:
        seen.append(done)
        cancel.set()  # e.g. a lock or the panic wipe, right after the first chunk

    with pytest.raises(CancelledError, match="no copy was written"):
        vault.attachments.extract(added.id, out / "copy.pdf", progress=progress, cancelled=cancel.is_set)
    assert len(seen) == 1 and seen[0] < len(DATA)
    assert list(out.iterdir()) == []  # neither the copy nor its temporary


@pytest.mark.parametrize("hard_links", [True, False])
def test_a_cancel_during_the_last_chunk_still_wins_over_publishing(
    vault: Vault, tmp_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch, hard_links: bool
) -> None:
    added = _added(vault, tmp_path, b"short note\n", "note.txt")
    if not hard_links:
        _no_hard_links(monkeypatch)
    cancel = threading.Event()
    with pytest.raises(CancelledError):
        vault.attachments.extract(
            added.id, out / "note.txt", progress=lambda _d, _t: cancel.set(), cancelled=cancel.is_set
        )
    assert list(out.iterdir()) == []


# -- file systems without hard links --------------------------------------------------------


def test_without_hard_links_the_copy_is_still_written_whole(
    vault: Vault, tmp_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    added = _added(vault, tmp_path)
    asked = _no_hard_links(monkeypatch)
    copy = out / "copy.pdf"
    vault.attachments.extract(added.id, copy)
    assert asked == [copy]  # the hard link was tried first
    assert copy.read_bytes() == DATA
    assert oct(copy.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in out.iterdir()] == ["copy.pdf"]  # no temporary left beside it
    with pytest.raises(BadInputError, match="already exists"):
        vault.attachments.extract(added.id, copy)
    assert copy.read_bytes() == DATA


@pytest.mark.parametrize("hard_links", [True, False])
def test_a_link_put_at_the_destination_while_writing_is_not_followed(
    vault: Vault, tmp_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch, hard_links: bool
) -> None:
    """Between the first check and putting the copy in place, someone makes the destination a
    link to another file: the copy is refused, the file behind the link is untouched."""
    added = _added(vault, tmp_path)
    if not hard_links:
        _no_hard_links(monkeypatch)
    victim = tmp_path / "victim.txt"
    victim.write_text("не трогать", encoding="utf-8")
    copy = out / "copy.pdf"

    def plant_link(done: int, _total: int) -> None:
        if not copy.is_symlink():
            copy.symlink_to(victim)

    with pytest.raises(BadInputError, match="already exists"):
        vault.attachments.extract(added.id, copy, progress=plant_link)
    assert victim.read_text(encoding="utf-8") == "не трогать"
    assert copy.is_symlink() and os.readlink(copy) == str(victim)
    assert [p.name for p in out.iterdir()] == ["copy.pdf"]  # only the planted link


def test_without_hard_links_a_link_swapped_in_for_the_claim_is_left_alone(
    vault: Vault, tmp_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The empty file claiming the name is swapped for a link right after it was made: the name
    is no longer ours, so the copy is refused and the link and the file behind it stay as found."""
    added = _added(vault, tmp_path)
    _no_hard_links(monkeypatch)
    victim = tmp_path / "victim.txt"
    victim.write_text("не трогать", encoding="utf-8")
    copy = out / "copy.pdf"
    real_fstat = os.fstat

    def swap_after_claim(fd: int) -> os.stat_result:
        result = real_fstat(fd)
        if copy.exists() and not copy.is_symlink():  # the claim: take the name away
            copy.unlink()
            copy.symlink_to(victim)
        return result

    monkeypatch.setattr(os, "fstat", swap_after_claim)
    with pytest.raises(BadInputError, match="already exists"):
        vault.attachments.extract(added.id, copy)
    assert victim.read_text(encoding="utf-8") == "не трогать"
    assert copy.is_symlink() and [p.name for p in out.iterdir()] == ["copy.pdf"]


def test_without_hard_links_a_link_swapped_in_just_before_the_rename_is_replaced_not_followed(
    vault: Vault, tmp_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The very last moment, after every check: a rename replaces the entry itself, so the link
    goes and nothing is written through it."""
    added = _added(vault, tmp_path)
    _no_hard_links(monkeypatch)
    victim = tmp_path / "victim.txt"
    victim.write_text("не трогать", encoding="utf-8")
    copy = out / "copy.pdf"
    real_rename = os.rename

    def swap_then_rename(source: str, destination: str) -> None:
        copy.unlink()
        copy.symlink_to(victim)
        real_rename(source, destination)

    monkeypatch.setattr(os, "rename", swap_then_rename)
    vault.attachments.extract(added.id, copy)
    assert victim.read_text(encoding="utf-8") == "не трогать"
    assert not copy.is_symlink() and copy.read_bytes() == DATA
    assert [p.name for p in out.iterdir()] == ["copy.pdf"]


def test_without_hard_links_a_failed_rename_leaves_nothing(
    vault: Vault, tmp_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    added = _added(vault, tmp_path)
    _no_hard_links(monkeypatch)

    def fail(_source: object, _destination: object) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "rename", fail)
    with pytest.raises(StorageError, match="nothing was left there"):
        vault.attachments.extract(added.id, out / "copy.pdf")
    assert list(out.iterdir()) == []  # neither the claim nor the temporary


# -- deleting originals -------------------------------------------------------------------------


def _original(tmp_path: Path, text: str = "показания свидетеля\n") -> Path:
    source = tmp_path / "показания.txt"
    source.write_text(text * 100, encoding="utf-8")
    return source


def test_an_original_is_overwritten_and_deleted_when_it_is_still_the_file_read(tmp_path: Path) -> None:
    source = _original(tmp_path)
    identity = file_identity(source)
    delete_original(source, expected=identity)
    assert not source.exists()
    other = _original(tmp_path)
    delete_original(other, expected=os.stat(other, follow_symlinks=False))  # an lstat result works too
    assert not other.exists()


def test_a_symbolic_link_is_not_deleted_as_if_it_were_the_file(tmp_path: Path) -> None:
    target = _original(tmp_path)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    before = target.read_bytes()
    with pytest.raises(StorageError, match=r"NOT deleted: “link\.txt” is a symbolic link"):
        delete_original(link, expected=file_identity(link))
    assert link.is_symlink() and target.read_bytes() == before


def test_a_file_with_another_hard_link_is_not_deleted(tmp_path: Path) -> None:
    source = _original(tmp_path)
    other_name = tmp_path / "копия.txt"
    os.link(source, other_name)
    before = source.read_bytes()
    with pytest.raises(StorageError, match=r"NOT deleted: .* has other names"):
        delete_original(source, expected=file_identity(source))
    assert source.read_bytes() == before and other_name.read_bytes() == before  # not overwritten


def test_a_file_replaced_after_it_was_read_is_not_deleted(tmp_path: Path) -> None:
    source = _original(tmp_path)
    identity = file_identity(source)
    replacement = tmp_path / "new.txt"
    replacement.write_text("другой файл", encoding="utf-8")
    os.replace(replacement, source)
    with pytest.raises(StorageError, match=r"NOT deleted: .* no longer the file that was read"):
        delete_original(source, expected=identity)
    assert source.read_text(encoding="utf-8") == "другой файл"


# -- the desktop's add task --------------------------------------------------------------------


def _run_add(vault: Vault, path: Path, on_progress: Callable[[str], None]) -> list[AddedFile]:
    case_id = vault.store.create_case(case_doc("Дело")).case_id
    outcomes = add_task(vault, case_id, [path], delete_originals=True, cancel=threading.Event())(on_progress)
    assert len(vault.attachments.list(case_id)) == 1  # stored, whatever happened to the original
    return outcomes


@pytest.mark.parametrize("kind", ["symbolic link", "hard link", "replaced"])
def test_adding_with_delete_originals_keeps_the_file_and_says_why_when_deleting_would_not_work(
    vault: Vault, tmp_path: Path, kind: str
) -> None:
    source = _original(tmp_path)
    chosen = source
    if kind == "symbolic link":
        chosen = tmp_path / "link.txt"
        chosen.symlink_to(source)
    elif kind == "hard link":
        os.link(source, tmp_path / "копия.txt")
    before = source.read_bytes()

    def replace_once_read(text: str) -> None:
        done, _slash, total = text.removeprefix("bytes ").partition("/")
        if kind == "replaced" and done == total:  # read whole, not yet deleted
            swap = tmp_path / "swap.txt"
            swap.write_text("положили на его место", encoding="utf-8")
            os.replace(swap, source)

    (outcome,) = _run_add(vault, chosen, replace_once_read)
    assert outcome.attachment is not None and not outcome.original_deleted
    assert outcome.error is not None and "original was NOT deleted" in outcome.error
    if kind == "replaced":
        assert source.read_text(encoding="utf-8") == "положили на его место"
    else:
        assert source.read_bytes() == before
