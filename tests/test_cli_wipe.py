"""`intake wipe`, `intake duress` and `intake wipe-after-failed`, as real subprocesses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import PASSPHRASE, find_markers, snapshot
from tests.test_cli import Cli

CANARY = "КАНАРЕЙКА-КОМАНДНОЙ-СТРОКИ-3318"
DURESS = "пароль под принуждением 7"


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "home")


def _with_a_case(cli: Cli) -> None:
    cli.init()
    case = cli.home / "case.json"
    case.write_text(json.dumps({"title": CANARY, "narrative": CANARY}), encoding="utf-8")
    cli.ok("case", "add", str(case))


def test_wipe_yes_removes_the_vault_and_everything_intake_made(cli: Cli) -> None:
    _with_a_case(cli)
    result = cli.run("wipe", "--yes")
    assert result.returncode == 0, result.stderr
    assert not cli.data.exists()
    assert find_markers([cli.home], [CANARY]) == []
    assert cli.run("case", "list", "--passphrase-file", str(cli.passfile)).returncode == 2


def test_wipe_without_a_terminal_or_yes_refuses_and_changes_nothing(cli: Cli) -> None:
    _with_a_case(cli)
    before = snapshot(cli.data)
    result = cli.run("wipe")
    assert result.returncode == 2
    assert "--yes" in result.stderr
    assert snapshot(cli.data) == before


def test_duress_set_then_the_duress_passphrase_opens_an_empty_vault(cli: Cli) -> None:
    _with_a_case(cli)
    both = cli.home / "both.txt"
    both.write_text(f"{PASSPHRASE}\n{DURESS}\n{DURESS}\n", encoding="utf-8")
    result = cli.run("duress", "set", "--passphrase-file", str(both))
    assert result.returncode == 0, result.stderr
    duress_file = cli.home / "duress.txt"
    duress_file.write_text(DURESS + "\n", encoding="utf-8")
    listed = cli.run("case", "list", "--json", "--passphrase-file", str(duress_file))
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["total"] == 0
    assert cli.run("case", "list", "--passphrase-file", str(cli.passfile)).returncode == 3
    assert find_markers([cli.home], [CANARY]) == []


def test_wipe_after_failed_counts_across_runs_and_fires_at_the_limit(cli: Cli) -> None:
    _with_a_case(cli)
    assert cli.run("wipe-after-failed", "2").returncode == 2  # below the minimum of 3
    assert cli.run("wipe-after-failed", "3").returncode == 0
    wrong = cli.home / "wrong.txt"
    wrong.write_text("not the passphrase\n", encoding="utf-8")
    for _ in range(2):
        assert cli.run("case", "list", "--passphrase-file", str(wrong)).returncode == 3
    assert (cli.data / "vault.key").exists()
    assert cli.run("case", "list", "--passphrase-file", str(wrong)).returncode == 3
    assert not cli.data.exists()
