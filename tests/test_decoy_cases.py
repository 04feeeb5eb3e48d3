"""Decoy cases for the duress vault (intake/decoy_cases.py, crypto/decoy_box.py): prepared drafts
move into a box only the duress passphrase leads to, and a duress unlock puts them in the fresh
vault. The box looks the same in every vault."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import pytest

from crypto.decoy_box import BOX_BYTES
from crypto.kdf import MINIMUM
from intake.decoy_cases import MAX_DECOY_CASES
from intake.errors import BadInputError, NotFoundError, UnlockError
from intake.vault import Vault, create_vault, unlock_vault
from intake.vault_settings import Role
from tests.support import PASSPHRASE, case_doc, find_markers, snapshot
from tests.test_cli import Cli

DURESS = "совсем другой пароль 42"
CANARY = "КАНАРЕЙКА-НАСТОЯЩЕГО-ДЕЛА-5521"
DECOY_TITLES = ["Консультация: спор с арендодателем", "Вопрос о трудовом договоре"]
DECOY_NARRATIVE = "ПРИМАНКА-ТЕКСТ-7731 обычная консультация"


def _prepare(root: Path, *, duress: bool = True) -> list[str]:
    """A vault with a real (canary) case and two decoy drafts moved into the decoy cases."""
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        real = vault.store.create_case(case_doc(CANARY, narrative=CANARY))
        vault.store.seal(real.case_id)
        ids = [vault.store.create_case(case_doc(t, narrative=DECOY_NARRATIVE)).case_id for t in DECOY_TITLES]
        if duress:
            vault.set_duress_passphrase(PASSPHRASE, DURESS)
        vault.add_decoy_cases(ids)
        return ids


def _titles(vault: Vault) -> list[str]:
    return sorted(c.title for c in vault.store.list_cases())


def _entropy_bits_per_byte(data: bytes) -> float:
    counts = Counter(data)
    return -sum(n / len(data) * math.log2(n / len(data)) for n in counts.values())


def test_a_duress_unlock_opens_a_vault_holding_the_decoy_drafts_and_nothing_else(tmp_path: Path) -> None:
    root = tmp_path / "data"
    moved = _prepare(root)
    with unlock_vault(root, PASSPHRASE) as real:
        assert _titles(real) == [CANARY]  # moved: no longer in the real vault
        assert sorted(real.decoy_titles()) == sorted(DECOY_TITLES)
        for case_id in moved:
            with pytest.raises(NotFoundError):
                real.store.get(case_id)
    # Neither the decoys nor the real case can be read off the disk.
    assert find_markers([tmp_path], [CANARY, DECOY_NARRATIVE, *DECOY_TITLES]) == []
    with unlock_vault(root, DURESS) as fresh:
        assert _titles(fresh) == sorted(DECOY_TITLES)
        cases = fresh.store.list_cases()
        assert {c.status for c in cases} == {"draft"}
        assert fresh.store.get(cases[0].case_id).content["narrative"] == DECOY_NARRATIVE
        assert fresh.decoy_titles() == []  # the fresh vault has no duress of its own
    assert find_markers([tmp_path], [CANARY]) == []
    with pytest.raises(UnlockError):
        unlock_vault(root, PASSPHRASE)
    assert (root / "vault.aux").stat().st_size == BOX_BYTES  # the new vault has its own box


def test_every_vault_has_a_box_of_the_same_size_that_looks_random(tmp_path: Path) -> None:
    plain, with_duress, with_decoys = tmp_path / "plain", tmp_path / "duress", tmp_path / "decoys"
    create_vault(plain, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    with create_vault(with_duress, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        vault.set_duress_passphrase(PASSPHRASE, DURESS)
    _prepare(with_decoys)
    boxes = [(root / "vault.aux").read_bytes() for root in (plain, with_duress, with_decoys)]
    assert {len(box) for box in boxes} == {BOX_BYTES}
    for box in boxes:
        # Sealed or random, all are close to 8 bits per byte: no zero padding shows through.
        assert _entropy_bits_per_byte(box) > 7.99
    assert len(set(boxes)) == 3


def test_decoys_wait_for_a_duress_passphrase_and_survive_a_passphrase_change(tmp_path: Path) -> None:
    root = tmp_path / "data"
    _prepare(root, duress=False)
    with unlock_vault(root, PASSPHRASE) as vault:
        assert sorted(vault.decoy_titles()) == sorted(DECOY_TITLES)
        vault.set_duress_passphrase(PASSPHRASE, DURESS)
        box_with_duress = (root / "vault.aux").read_bytes()
        assert vault.change_passphrase(PASSPHRASE, "a new passphrase for the vault") is True
        assert (root / "vault.aux").read_bytes() != box_with_duress  # back to random bytes
        assert sorted(vault.decoy_titles()) == sorted(DECOY_TITLES)
        vault.set_duress_passphrase("a new passphrase for the vault", DURESS)
    with unlock_vault(root, DURESS) as fresh:
        assert _titles(fresh) == sorted(DECOY_TITLES)


def test_after_the_duress_passphrase_is_removed_it_no_longer_exists_and_the_box_is_random_again(
    tmp_path: Path,
) -> None:
    root = tmp_path / "data"
    _prepare(root)
    sealed = (root / "vault.aux").read_bytes()
    with unlock_vault(root, PASSPHRASE) as vault:
        vault.remove_duress_passphrase(PASSPHRASE)
    assert (root / "vault.aux").read_bytes() != sealed
    with pytest.raises(UnlockError):
        unlock_vault(root, DURESS)
    with unlock_vault(root, PASSPHRASE) as vault:
        assert _titles(vault) == [CANARY]


def test_sealed_cases_cannot_become_decoys_and_nothing_changes(tmp_path: Path) -> None:
    root = tmp_path / "data"
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        vault.set_duress_passphrase(PASSPHRASE, DURESS)
        sealed = vault.store.create_case(case_doc(CANARY))
        vault.store.seal(sealed.case_id)
        draft = vault.store.create_case(case_doc(DECOY_TITLES[0]))
        box = (root / "vault.aux").read_bytes()
        with pytest.raises(BadInputError, match="drafts"):
            vault.add_decoy_cases([draft.case_id, sealed.case_id])
        assert (root / "vault.aux").read_bytes() == box
        assert vault.decoy_titles() == []
        assert _titles(vault) == sorted([CANARY, DECOY_TITLES[0]])


def test_more_decoys_than_the_limit_are_refused_and_nothing_changes(tmp_path: Path) -> None:
    root = tmp_path / "data"
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        vault.set_duress_passphrase(PASSPHRASE, DURESS)
        ids = [vault.store.create_case(case_doc(f"Черновик {n}")).case_id for n in range(MAX_DECOY_CASES + 1)]
        box = (root / "vault.aux").read_bytes()
        with pytest.raises(BadInputError, match=str(MAX_DECOY_CASES)):
            vault.add_decoy_cases(ids)
        assert (root / "vault.aux").read_bytes() == box
        assert vault.store.count_cases() == MAX_DECOY_CASES + 1
        vault.add_decoy_cases(ids[:MAX_DECOY_CASES])
        assert len(vault.decoy_titles()) == MAX_DECOY_CASES
        vault.clear_decoy_cases()
        assert vault.decoy_titles() == []
    with unlock_vault(root, DURESS) as fresh:
        assert _titles(fresh) == []


def test_a_damaged_or_missing_box_gives_an_empty_duress_vault_without_any_sign(tmp_path: Path) -> None:
    for damage in ("flip", "remove"):
        root = tmp_path / damage
        _prepare(root)
        box = root / "vault.aux"
        if damage == "flip":
            data = bytearray(box.read_bytes())
            data[BOX_BYTES // 2] ^= 1
            box.write_bytes(bytes(data))
        else:
            box.unlink()
        stages: list[str] = []
        with unlock_vault(root, DURESS, progress=stages.append) as fresh:
            assert _titles(fresh) == []
        assert stages == ["deriving_key", "opening_database"]


def test_a_vault_made_before_decoys_existed_gets_its_box_at_unlock(tmp_path: Path) -> None:
    root = tmp_path / "data"
    create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    (root / "vault.aux").unlink()
    unlock_vault(root, PASSPHRASE).lock()
    assert (root / "vault.aux").stat().st_size == BOX_BYTES


def test_cli_moves_drafts_into_the_decoys_and_lists_them(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    cli.init()
    case = cli.home / "case.json"
    case.write_text(json.dumps({"title": DECOY_TITLES[0]}, ensure_ascii=False), encoding="utf-8")
    case_id = cli.ok("case", "add", str(case)).strip()
    listed = cli.ok("duress", "decoys", "--add", case_id)
    assert DECOY_TITLES[0] in listed and "No duress passphrase is set" in listed
    assert cli.json("case", "list")["total"] == 0
    before = snapshot(cli.data)
    refused = cli.run(
        "duress",
        "decoys",
        "--add",
        "00000000-0000-4000-8000-000000000000",
        "--passphrase-file",
        str(cli.passfile),
    )
    assert refused.returncode == 4  # not found
    assert snapshot(cli.data) == before
    assert "No decoy cases" in cli.ok("duress", "decoys", "--clear")


def test_the_box_changes_at_the_same_moments_with_or_without_a_duress_passphrase(tmp_path: Path) -> None:
    """Its timestamps and inode must not tell a vault with a duress passphrase from one without:
    the box is rewritten after every key-file write and every change of the decoys, in both."""
    plain, guarded = tmp_path / "plain", tmp_path / "guarded"
    for root in (plain, guarded):
        create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    with unlock_vault(guarded, PASSPHRASE) as vault:
        vault.set_duress_passphrase(PASSPHRASE, DURESS)

    def box_and_key(root: Path) -> tuple[int, int, int]:
        box, key = (root / "vault.aux").stat(), (root / "vault.key").stat()
        return box.st_ino, box.st_mtime_ns, key.st_mtime_ns

    for root in (plain, guarded):
        before = box_and_key(root)
        with unlock_vault(root, PASSPHRASE) as vault:
            draft = vault.store.create_case(case_doc(DECOY_TITLES[0])).case_id
            vault.add_decoy_cases([draft])
            after_move = box_and_key(root)
            assert after_move[0] != before[0]  # a decoy change rewrites the box, duress or not
            vault.change_passphrase(PASSPHRASE, PASSPHRASE + " 2")
            after_change = box_and_key(root)
            assert after_change[0] != after_move[0]  # so does every key-file write
            assert after_change[1] >= after_change[2]  # the box follows the key file, in both
            vault.change_passphrase(PASSPHRASE + " 2", PASSPHRASE)


def test_drafts_with_attachments_or_unsaved_edits_do_not_become_decoys(tmp_path: Path) -> None:
    root = tmp_path / "data"
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        vault.set_duress_passphrase(PASSPHRASE, DURESS)
        with_file = vault.store.create_case(case_doc(DECOY_TITLES[0])).case_id
        note = tmp_path / "note.txt"
        note.write_text("записка", encoding="utf-8")
        vault.attachments.add_file(with_file, note)
        editing = vault.store.create_case(case_doc(DECOY_TITLES[1])).case_id
        vault.editing.save("", editing, {"title": ""})  # not valid yet: kept as an unsaved edit
        box = (root / "vault.aux").read_bytes()
        with pytest.raises(BadInputError, match="attachments"):
            vault.add_decoy_cases([with_file])
        with pytest.raises(BadInputError, match="unsaved changes"):
            vault.add_decoy_cases([editing])
        assert vault.decoy_candidates() == []
        assert (root / "vault.aux").read_bytes() == box
        assert vault.store.count_cases() == 2


def test_deleting_a_draft_takes_its_attachments_with_it(tmp_path: Path) -> None:
    root = tmp_path / "data"
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        keep = vault.store.create_case(case_doc("Остаётся")).case_id
        drop = vault.store.create_case(case_doc("Удаляется")).case_id
        shared, own = tmp_path / "shared.txt", tmp_path / "own.txt"
        shared.write_text("общий текст", encoding="utf-8")
        own.write_text("только этого дела", encoding="utf-8")
        kept = vault.attachments.add_file(keep, shared)
        vault.attachments.add_file(drop, shared)
        vault.attachments.add_file(drop, own)
        vault.store.delete_draft_case(drop)
        conn = vault.connection
        assert conn.execute("SELECT count(*) FROM attachment").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM attachment_blob").fetchone()[0] == 1  # the shared one
        assert b"".join(vault.attachments.chunks(kept.id)).decode("utf-8") == "общий текст"
