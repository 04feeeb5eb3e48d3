"""The `intake` command, run as a real subprocess with an isolated home folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support import PASSPHRASE, find_markers, isolated_env, snapshot


class Cli:
    def __init__(self, home: Path) -> None:
        self.home = home
        self.env = isolated_env(home)
        self.data = home / "data"
        self.passfile = home / "pass.txt"
        self.passfile.write_text(PASSPHRASE + "\n", encoding="utf-8")

    def run(
        self, *args: str, stdin: str = "", lang: str = "en", data: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "intake.cli.main", "--lang", lang, *args]
        if args and args[0] not in ("--help",):
            command += ["--data-dir", str(data or self.data)]
        return subprocess.run(
            command, input=stdin, capture_output=True, text=True, env=self.env, check=False, timeout=120
        )

    def ok(self, *args: str, stdin: str = "", with_passphrase: bool = True) -> str:
        extra = ("--passphrase-file", str(self.passfile)) if with_passphrase else ()
        result = self.run(*args, *extra, stdin=stdin)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def json(self, *args: str, stdin: str = "") -> Any:
        return json.loads(self.ok(*args, "--json", stdin=stdin))

    def init(self, role: str = "field") -> None:
        self.ok("init", "--role", role, "--kdf", "minimum")


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "home")


RU_CASE = {
    "title": "Задержание активиста",
    "narrative": "Полиция задержала активиста после пикета и продержала его ночь в отделе.",
    "violations": ["ACT.DET", "POL.UNL"],
    "location": {"subject": "RU-SPE", "city": "Санкт-Петербург"},
    "occurred": {"date": "2025-05", "precision": "month"},
    "persons": [{"pseudonym": "Свидетель Б", "role": "witness"}],
}
EN_CASE = {
    "title": "Threats after a set-up date",
    "narrative": "The victim was threatened with outing unless they paid.",
    "violations": ["THR.EXTORT", "THR.OUT"],
    "occurred": {"date": "2024-11-02", "precision": "exact"},
}


def test_round_trip_through_the_command_line(cli: Cli) -> None:
    cli.init()
    ru_id = cli.ok("case", "add", "-", stdin=json.dumps(RU_CASE, ensure_ascii=False)).strip()
    case_file = cli.home / "case.json"
    case_file.write_text(json.dumps(EN_CASE), encoding="utf-8")
    en_id = cli.json("case", "add", str(case_file))["id"]
    shown = cli.json("case", "show", ru_id)
    assert shown["content"]["title"] == RU_CASE["title"]
    assert shown["content"]["narrative"] == RU_CASE["narrative"]
    assert shown["content"]["location"]["district"] == "NWFD"
    assert shown["status"] == "draft"
    assert cli.json("case", "show", en_id)["content"]["violations"] == EN_CASE["violations"]
    listing = cli.json("case", "list")
    assert listing["total"] == 2
    assert {c["id"] for c in listing["cases"]} == {ru_id, en_id}
    sealed = cli.json("case", "seal", ru_id)
    assert sealed["revision"] == 1
    assert cli.json("case", "show", ru_id)["signed"] is True
    # Editing a sealed case makes revision 2; revision 1 stays as it was.
    edited = dict(RU_CASE, narrative=RU_CASE["narrative"] + " Дополнено.")
    cli.ok("case", "update", ru_id, stdin=json.dumps(edited, ensure_ascii=False))
    assert [r["status"] for r in cli.json("case", "history", ru_id)] == ["sealed", "draft"]
    assert cli.json("case", "show", ru_id, "--revision", "1")["content"]["narrative"] == RU_CASE["narrative"]
    human = cli.ok("case", "show", ru_id)
    assert "Задержание активиста" in human
    assert "Detention of activists" in human or "Act" in human


def test_search_finds_russian_words_in_any_letter_case(cli: Cli) -> None:
    cli.init()
    ru_id = cli.ok("case", "add", stdin=json.dumps(RU_CASE, ensure_ascii=False)).strip()
    cli.ok("case", "add", stdin=json.dumps(EN_CASE))
    for query in ("Полиция", "ПОЛИЦИЯ", "полиц", "свидетель"):
        found = cli.json("search", query)["cases"]
        assert [c["id"] for c in found] == [ru_id], query
    assert cli.json("search", "nothing-like-this")["cases"] == []


def test_russian_messages(cli: Cli) -> None:
    result = cli.run("case", "list", "--passphrase-file", str(cli.passfile), lang="ru")
    assert result.returncode == 2
    assert "Папка данных не существует" in result.stderr


def test_wrong_passphrase_fails_with_exit_3_and_changes_nothing(cli: Cli) -> None:
    cli.init()
    cli.ok("case", "add", stdin=json.dumps(EN_CASE))
    before = snapshot(cli.data)
    wrong = cli.home / "wrong.txt"
    wrong.write_text("definitely not it\n", encoding="utf-8")
    result = cli.run("case", "list", "--passphrase-file", str(wrong))
    assert result.returncode == 3
    assert "Wrong passphrase" in result.stderr
    assert result.stdout == ""
    assert snapshot(cli.data) == before


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not valid"),
        (json.dumps({"title": "x", "violations": ["NO.SUCH.CODE"]}), "violations[0]"),
        (json.dumps({"title": "x", "colour": "red"}), "colour"),
        (json.dumps({"narrative": "no title"}), "title"),
    ],
)
def test_bad_case_input_exits_2_and_writes_nothing(cli: Cli, payload: str, message: str) -> None:
    cli.init()
    before = snapshot(cli.data)
    result = cli.run("case", "add", "--passphrase-file", str(cli.passfile), stdin=payload)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert snapshot(cli.data) == before


def test_missing_folder_newer_vault_and_unknown_case(cli: Cli) -> None:
    result = cli.run("case", "list", "--passphrase-file", str(cli.passfile), data=cli.home / "absent")
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    cli.init()
    result = cli.run(
        "case", "show", "00000000-0000-4000-8000-000000000000", "--passphrase-file", str(cli.passfile)
    )
    assert result.returncode == 4
    key_file = cli.data / "vault.key"
    data = bytearray(key_file.read_bytes())
    data[9] = 7  # format version 7
    key_file.write_bytes(bytes(data))
    before = snapshot(cli.data)
    result = cli.run("case", "list", "--passphrase-file", str(cli.passfile))
    assert result.returncode == 2
    assert "newer version" in result.stderr
    assert snapshot(cli.data) == before


def test_init_twice_is_refused(cli: Cli) -> None:
    cli.init()
    before = snapshot(cli.data)
    result = cli.run("init", "--role", "field", "--kdf", "minimum", "--passphrase-file", str(cli.passfile))
    assert result.returncode == 2
    assert "already exists" in result.stderr
    assert snapshot(cli.data) == before


def test_no_terminal_and_no_passphrase_file_is_a_clear_error(cli: Cli) -> None:
    result = cli.run("init", "--role", "field", "--kdf", "minimum")
    assert result.returncode == 2
    assert "--passphrase-file" in result.stderr
    assert not (cli.data / "vault.key").exists()


def test_passphrase_is_never_taken_from_argv_or_environment(cli: Cli) -> None:
    help_text = cli.run("init", "--help").stdout
    assert "--passphrase-file" in help_text
    assert "--passphrase " not in help_text
    assert "--password" not in help_text


def test_passwd_and_rekey(cli: Cli) -> None:
    cli.init()
    case_id = cli.ok("case", "add", stdin=json.dumps(EN_CASE)).strip()
    both = cli.home / "both.txt"
    both.write_text(f"{PASSPHRASE}\nan entirely new passphrase\n", encoding="utf-8")
    result = cli.run("passwd", "--passphrase-file", str(both))
    assert result.returncode == 0, result.stderr
    assert cli.run("case", "list", "--passphrase-file", str(cli.passfile)).returncode == 3
    cli.passfile.write_text("an entirely new passphrase\n", encoding="utf-8")
    database_before = (cli.data / "vault.db").read_bytes()
    cli.ok("rekey")
    assert (cli.data / "vault.db").read_bytes() != database_before
    assert cli.json("case", "show", case_id)["content"]["title"] == EN_CASE["title"]
    audit = cli.json("audit")
    assert audit["intact"] is True
    assert [e["action"] for e in audit["entries"]][-2:] == ["vault.passphrase_change", "vault.key_rotate"]


def test_demo_vault(cli: Cli) -> None:
    cli.ok("demo", "--kdf", "minimum")
    listing = cli.json("case", "list")
    assert listing["total"] >= 10
    assert all(c["title"].startswith(("[DEMO]", "[ДЕМО]")) for c in listing["cases"])


def test_canary_strings_never_reach_the_disk_unencrypted(cli: Cli) -> None:
    """Unique markers in every kind of text field; afterwards no file under the isolated home
    (vault, config, cache, data, state, runtime and temp folders) contains one, in UTF-8 or
    UTF-16, and the vault's database is not readable as SQLite."""
    markers = [
        "CANARY-a81f-title",
        "КАНАРЕЙКА-нарратив-5d2e",
        "CANARY-pseudonym-77c0",
        "CANARY-fullname-3b9a",
    ]
    cli.init()
    doc = {
        "title": markers[0],
        "narrative": f"Текст {markers[1]} конец",
        "notes": markers[2],
        "persons": [{"pseudonym": markers[2], "identifying": {"full_name": markers[3]}}],
    }
    case_id = cli.ok("case", "add", stdin=json.dumps(doc, ensure_ascii=False)).strip()
    cli.ok("case", "seal", case_id)
    cli.ok(
        "case", "update", case_id, stdin=json.dumps(dict(doc, notes=markers[2] + " 2"), ensure_ascii=False)
    )
    assert cli.json("search", "КАНАРЕЙКА")["cases"][0]["id"] == case_id
    cli.ok("rekey")
    assert find_markers([cli.home], markers) == []
    assert sorted(p.name for p in cli.data.iterdir()) == ["vault.aux", "vault.db", "vault.key"]


def test_unreadable_key_file_exits_2_and_changes_nothing(cli: Cli) -> None:
    cli.init()
    key_file = cli.data / "vault.key"
    saved = key_file.read_bytes()
    key_file.unlink()
    key_file.mkdir()  # unreadable as a file even for root, which ignores permission bits
    before = snapshot(cli.data)
    result = cli.run("case", "list", "--passphrase-file", str(cli.passfile))
    assert result.returncode == 2
    assert "cannot be read" in result.stderr
    assert snapshot(cli.data) == before
    key_file.rmdir()
    key_file.write_bytes(saved)
    assert cli.json("case", "list")["total"] == 0


def test_full_disk_exits_5_with_a_clear_message(cli: Cli, tmp_path: Path) -> None:
    from tests.mounts import tmpfs

    with tmpfs(tmp_path / "mnt", "2m") as mount:
        cli.data = mount / "vault"
        cli.init()
        big = {"title": "big", "narrative": "x" * 150_000}
        codes = [
            cli.run("case", "add", "--passphrase-file", str(cli.passfile), stdin=json.dumps(big))
            for _ in range(16)
        ]
        failures = [c for c in codes if c.returncode != 0]
        assert failures, "the disk never filled up"
        assert all(c.returncode == 5 and "disk is full" in c.stderr for c in failures)
        saved = sum(1 for c in codes if c.returncode == 0)
        assert cli.json("case", "list")["total"] == saved


def test_a_closed_pipe_is_not_an_error(cli: Cli) -> None:
    cli.ok("demo", "--kdf", "minimum")
    command = [sys.executable, "-m", "intake.cli.main", "case", "list", "--data-dir", str(cli.data)]
    command += ["--passphrase-file", str(cli.passfile)]
    # The reader exits before anything is written, so the write is certain to hit a closed pipe.
    reader = subprocess.Popen(["head", "-c", "0"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    reader.wait()
    assert reader.stdin is not None
    result = subprocess.run(
        command, stdout=reader.stdin, stderr=subprocess.PIPE, text=True, env=cli.env, check=False
    )
    reader.stdin.close()
    assert "internal error" not in result.stderr
    assert result.returncode == 0
