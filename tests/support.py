"""Plain helpers shared by tests (fixtures live in conftest.py)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PASSPHRASE = "Ёжик в тумане 1975 — пароль"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes: compare two to prove nothing changed."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def encodings_of(marker: str) -> list[bytes]:
    return [marker.encode("utf-8"), marker.encode("utf-16-le"), marker.encode("utf-16-be")]


def find_markers(folders: Iterable[Path], markers: Iterable[str]) -> list[tuple[Path, str]]:
    """Files under `folders` containing any marker as UTF-8 or UTF-16 (either byte order)."""
    needles = [(m, e) for m in markers for e in encodings_of(m)]
    hits = []
    for folder in folders:
        if not folder.exists():
            continue
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink():
                data = path.read_bytes()
                hits.extend((path, m) for m, e in needles if e in data)
    return hits


def decrypt_sqlcipher_pages(path: Path, key: bytes, page_size: int = 4096, reserve: int = 80) -> list[bytes]:
    """Decrypts every page of a SQLCipher 4 database (default settings, raw key), free pages
    included, so tests can look at what an attacker holding the key could recover.

    Page layout: [data encrypted with AES-256-CBC | IV 16 | HMAC-SHA512 64]; page 1 starts with
    the 16-byte salt, which is not encrypted. HMACs are not checked: this is a forensic reader.
    """
    data = path.read_bytes()
    pages = []
    for number, start in enumerate(range(0, len(data), page_size), start=1):
        page = data[start : start + page_size]
        offset = 16 if number == 1 else 0
        iv = page[page_size - reserve : page_size - reserve + 16]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        pages.append(decryptor.update(page[offset : page_size - reserve]) + decryptor.finalize())
    return pages


def case_doc(title: str, narrative: str = "", **extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {"title": title, "narrative": narrative}
    doc.update(extra)
    return doc


def isolated_env(home: Path) -> dict[str, str]:
    """Environment for a subprocess whose home, config, cache, data and temp folders are all
    inside `home`, so a scan of `home` covers every place the app could write."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "TMP", "TEMP"))}
    folders = {
        "HOME": home,
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_CACHE_HOME": home / ".cache",
        "XDG_DATA_HOME": home / ".local" / "share",
        "XDG_STATE_HOME": home / ".local" / "state",
        "XDG_RUNTIME_DIR": home / "run",
        "TMPDIR": home / "tmp",
    }
    for name, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        env[name] = str(folder)
    env["TMP"] = env["TEMP"] = env["TMPDIR"]
    env["LANG"] = "C.UTF-8"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env
