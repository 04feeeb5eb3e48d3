"""The layout's one-way import rule: ui -> intake -> crypto, and no Qt below ui."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What each layer may not import (top-level module names).
FORBIDDEN = {
    "crypto": {"intake", "ui", "PySide6", "shiboken6", "sqlcipher3", "sqlite3"},
    "intake": {"ui", "PySide6", "shiboken6"},
    "ui": {"sqlcipher3", "sqlite3", "cryptography", "argon2", "crypto"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layer_imports_flow_one_way(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_importing_the_core_loads_no_qt() -> None:
    modules = [
        "crypto.keyfile",
        "crypto.kdf",
        "crypto.signing",
        "crypto.atomic_file",
        "crypto.age",
        "intake.bundle_import",
        "intake.vault",
        "intake.case_store",
        "intake.cli.main",
    ]
    probe = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui'))\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[]"


def test_crypto_loads_nothing_of_ours() -> None:
    probe = (
        "import sys, crypto.keyfile, crypto.kdf, crypto.signing, crypto.atomic_file, crypto.secret_memory\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('intake', 'ui')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[]"


# Ways a program hands a file or URL to another program (a viewer, a browser, a shell): case
# data and exports must never leave the app that way (BRIEF §2; docs/threat-model.md).
EXTERNAL_LAUNCHERS = {
    "modules": {"subprocess", "webbrowser", "pty"},
    "names": {"QDesktopServices", "QProcess", "startfile", "system", "popen", "execv", "execvp", "spawnv"},
}


def test_nothing_is_handed_to_an_external_program() -> None:
    offenders: dict[str, list[str]] = {}
    for package in ("intake", "ui", "crypto"):
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found = sorted(_imports(path) & EXTERNAL_LAUNCHERS["modules"])
            for node in ast.walk(tree):
                name = (
                    node.attr
                    if isinstance(node, ast.Attribute)
                    else node.id
                    if isinstance(node, ast.Name)
                    else None
                )
                if name in EXTERNAL_LAUNCHERS["names"]:
                    found.append(name)
                if isinstance(node, ast.ImportFrom):
                    found += [a.name for a in node.names if a.name in EXTERNAL_LAUNCHERS["names"]]
            if found:
                offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}
