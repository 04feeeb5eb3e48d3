"""`intake keys` as a real subprocess: a coordinator and a volunteer exchange public-key files,
compare fingerprints and approve; bad files change nothing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import snapshot
from tests.test_cli import Cli


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Cli, Cli]:
    coordinator, volunteer = Cli(tmp_path / "coordinator"), Cli(tmp_path / "volunteer")
    coordinator.init("coordinator")
    volunteer.init("field")
    return coordinator, volunteer


def test_exchange_compare_and_approve(pair: tuple[Cli, Cli], tmp_path: Path) -> None:
    coordinator, volunteer = pair
    own = coordinator.json("keys", "show")
    assert own["role"] == "coordinator" and own["age_recipient"].startswith("age1pq1")
    key_file = tmp_path / "coordinator.key"
    out = coordinator.ok("keys", "export", str(key_file))
    assert own["fingerprint"] in out
    assert key_file.read_text(encoding="ascii").startswith("intake-public-key: 1\n")

    imported = volunteer.json("keys", "import", str(key_file), "--name", "Север")
    assert imported["fingerprint"] == own["fingerprint"]  # what the two read to each other
    assert imported["status"] == "pending" and imported["new"]
    volunteer.ok("keys", "approve", own["fingerprint"].lower().replace("-", " "))
    (contact,) = volunteer.json("keys", "show")["contacts"]
    assert (contact["status"], contact["name"], contact["role"]) == ("approved", "Север", "coordinator")

    text = volunteer.ok("keys", "show")
    assert own["fingerprint"] in text and "approved" in text


def test_a_plain_age_recipient_from_age_keygen_is_accepted(tmp_path: Path) -> None:
    if shutil.which("age-keygen") is None:
        pytest.skip("the age tool is not installed (CI installs Debian's age)")
    cli = Cli(tmp_path / "home")
    cli.init("field")
    made = subprocess.run(["age-keygen"], capture_output=True, text=True, check=True)
    identity_file = tmp_path / "age.key"
    identity_file.write_text(made.stdout, encoding="ascii")
    public = subprocess.run(
        ["age-keygen", "-y", str(identity_file)], capture_output=True, text=True, check=True
    ).stdout
    recipients_file = tmp_path / "recipient.txt"
    recipients_file.write_text(public, encoding="ascii")
    imported = cli.json("keys", "import", str(recipients_file))
    assert imported["role"] is None and imported["age_recipient"] == public.strip()


def test_bad_key_files_exit_2_and_change_nothing(pair: tuple[Cli, Cli], tmp_path: Path) -> None:
    _coordinator, volunteer = pair
    before = snapshot(volunteer.data)
    bad = tmp_path / "bad.key"
    bad.write_text("intake-public-key: 1\nrole: field\nsigning-key: AAAA\n", encoding="ascii")
    for path in (bad, tmp_path / "missing.key"):
        result = volunteer.run("keys", "import", str(path), "--passphrase-file", str(volunteer.passfile))
        assert result.returncode == 2, result.stderr
        assert "key" in result.stderr
    result = volunteer.run("keys", "approve", "AAAA-BBBB", "--passphrase-file", str(volunteer.passfile))
    assert result.returncode != 0 and "fingerprint" in result.stderr
    assert snapshot(volunteer.data) == before


def test_export_to_a_missing_folder_is_a_clear_error(pair: tuple[Cli, Cli], tmp_path: Path) -> None:
    coordinator, _volunteer = pair
    result = coordinator.run(
        "keys", "export", str(tmp_path / "nowhere" / "k.key"), "--passphrase-file", str(coordinator.passfile)
    )
    assert result.returncode != 0
    assert "could not be written" in result.stderr


def test_export_and_import_through_the_command_line(pair: tuple[Cli, Cli], tmp_path: Path) -> None:
    coordinator, volunteer = pair
    coordinator_key, volunteer_key = tmp_path / "c.key", tmp_path / "v.key"
    coordinator.ok("keys", "export", str(coordinator_key))
    volunteer.ok("keys", "export", str(volunteer_key))
    fingerprint = volunteer.json("keys", "import", str(coordinator_key))["fingerprint"]

    result = volunteer.run(
        "export", "--to", str(tmp_path / "x.bundle"), "--passphrase-file", str(volunteer.passfile)
    )
    assert result.returncode == 2 and "approved coordinator" in result.stderr  # not approved yet
    volunteer.ok("keys", "approve", fingerprint)
    case_id = volunteer.ok("case", "add", stdin='{"title": "Дело из командной строки"}').strip()
    volunteer.ok("case", "seal", case_id)
    bundle = tmp_path / "one.bundle"
    assert "1 sealed revision" in volunteer.ok(
        "export", "--to", str(bundle), "--recipient", str(coordinator_key)
    )

    nothing_left = volunteer.ok("export", "--to", str(tmp_path / "empty.bundle"))
    assert "0 sealed revisions" in nothing_left
    resent = volunteer.ok("export", "--to", str(tmp_path / "again.bundle"), "--all")
    assert "1 sealed revision" in resent  # after a lost bundle, everything can go again

    (report,) = coordinator.json("import", str(bundle))
    assert (report["outcome"], report["reason"]) == ("quarantined", "unknown_sender")
    coordinator.ok("keys", "import", str(volunteer_key))
    out = coordinator.ok("keys", "approve", report["sender_fingerprint"])
    assert "merged now" in out
    (again,) = coordinator.json("import", str(bundle))
    assert again["outcome"] == "already_imported"
    assert "Дело из командной строки" in coordinator.ok("case", "list")

    junk = tmp_path / "junk.bundle"
    junk.write_bytes(b"not a bundle at all")
    result = coordinator.run("import", str(junk), str(bundle), "--passphrase-file", str(coordinator.passfile))
    assert result.returncode == 2
    assert "junk.bundle: refused" in result.stderr and "Already imported" in result.stdout


def test_verify_prints_the_evidence_trail(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    cli.init("field")
    case_id = cli.ok("case", "add", stdin='{"title": "Проверка подписи"}').strip()
    cli.ok("case", "seal", case_id)
    out = cli.ok("verify", case_id)
    assert "seal signature valid" in out and "Everything checks out." in out
    trail = cli.json("verify", case_id)
    assert trail["ok"] and trail["revisions"][0]["signature_valid"] is True
