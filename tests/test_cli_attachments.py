"""`intake attach`, `intake attachments` and `intake extract`, as real subprocesses."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.support import find_markers, snapshot
from tests.test_attachments import GPS_CANARY, _jpeg_with_gps
from tests.test_cli import Cli


def _case(cli: Cli) -> str:
    case = cli.home / "case.json"
    case.write_text(json.dumps({"title": "Дело с фото"}, ensure_ascii=False), encoding="utf-8")
    return cli.ok("case", "add", str(case)).strip()


def test_attach_list_and_extract_a_photo(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    cli.init()
    case_id = _case(cli)
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(_jpeg_with_gps())
    out = cli.ok("attach", case_id, str(photo))
    attachment_id = out.splitlines()[0]
    assert "EXIF (with GPS location)" in out and "original is kept" in out
    (listed,) = cli.json("attachments", case_id)["attachments"]
    assert listed["id"] == attachment_id and listed["removed"] == ["EXIF GPS", "comment"]
    assert listed["file_name"] == "IMG_0042.jpg" and listed["kind"] == "image"

    shown, original = tmp_path / "shown.jpg", tmp_path / "original.jpg"
    assert "NOT encrypted" in cli.ok("extract", attachment_id, "--to", str(shown))
    cli.ok("extract", attachment_id, "--to", str(original), "--original")
    assert GPS_CANARY not in shown.read_bytes()
    assert original.read_bytes() == photo.read_bytes()
    before = snapshot(cli.data)
    again = cli.run("extract", attachment_id, "--to", str(shown), "--passphrase-file", str(cli.passfile))
    assert again.returncode == 2 and "already exists" in again.stderr
    assert snapshot(cli.data) == before


def test_attach_refuses_a_disguised_file_and_can_delete_the_original(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    cli.init()
    case_id = _case(cli)
    fake = tmp_path / "photo.jpg"
    fake.write_bytes(b"this is not a picture at all")
    before = snapshot(cli.data)
    refused = cli.run("attach", case_id, str(fake), "--passphrase-file", str(cli.passfile))
    assert refused.returncode == 2 and "named like an image" in refused.stderr
    assert snapshot(cli.data) == before

    notes = tmp_path / "показания.txt"
    notes.write_text("КАНАРЕЙКА-ПОКАЗАНИЙ-2290 " * 50, encoding="utf-8")
    out = cli.ok("attach", case_id, str(notes), "--delete-original")
    assert not notes.exists() and "SSD" in out
    assert find_markers([tmp_path], ["КАНАРЕЙКА-ПОКАЗАНИЙ-2290"]) == []
    assert "показания.txt" in cli.ok("attachments", case_id)
    missing = cli.run(
        "attachments", "00000000-0000-4000-8000-000000000000", "--passphrase-file", str(cli.passfile)
    )
    assert missing.returncode == 4


@pytest.mark.parametrize("kind", ["symbolic link", "hard link"])
def test_delete_original_refuses_a_link_and_says_the_original_stays(tmp_path: Path, kind: str) -> None:
    """Unlinking a symbolic link leaves the file it points to; unlinking one of two hard links
    leaves the content under the other: either would report a deletion that did not happen."""
    cli = Cli(tmp_path / "home")
    cli.init()
    case_id = _case(cli)
    notes = tmp_path / "показания.txt"
    notes.write_text("КАНАРЕЙКА-ССЫЛКИ-3318 " * 50, encoding="utf-8")
    chosen = tmp_path / "ссылка.txt"
    if kind == "symbolic link":
        chosen.symlink_to(notes)
    else:
        os.link(notes, chosen)
    before = notes.read_bytes()
    done = cli.run(
        "attach", case_id, str(chosen), "--delete-original", "--passphrase-file", str(cli.passfile)
    )
    assert done.returncode == 5
    assert "in the vault, but the original was NOT deleted" in done.stderr
    (listed,) = cli.json("attachments", case_id)["attachments"]
    assert done.stdout.splitlines()[0] == listed["id"]  # the id is said even though the delete was refused
    assert ("symbolic link" if kind == "symbolic link" else "hard links") in done.stderr
    assert notes.read_bytes() == before and chosen.exists()
    assert chosen.read_bytes() == before  # not overwritten through the link either
    assert "ссылка.txt" in cli.ok("attachments", case_id)  # the file itself is in the vault
