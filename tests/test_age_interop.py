"""Interoperability with the reference `age` tool (Debian's age 1.1.1: X25519 only, no post-quantum).

Files we write must decrypt with `age -d`, and files `age` writes must decrypt with our reader, at
sizes around the 64 KiB chunk boundaries where STREAM implementations tend to disagree."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from crypto.age import AgeReader, AgeWriter, PayloadError, X25519Identity, parse_identity, parse_recipient

CHUNK = 64 * 1024
SIZES = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 1024 * 1024 + 12345]


@pytest.fixture(scope="module")
def age_tool() -> str:
    path = shutil.which("age")
    if path is None:
        pytest.skip("the reference `age` tool is not on PATH (Debian package `age`; CI installs it)")
    return path


def _identity_file(tmp_path: Path, *identities: X25519Identity) -> Path:
    path = tmp_path / "identities.txt"
    path.write_text("".join(f"{identity.to_string()}\n" for identity in identities), encoding="ascii")
    path.chmod(0o600)
    return path


def _plaintext(size: int) -> bytes:
    # Distinct per size, so a mix-up between two cases cannot pass.
    return hashlib.shake_256(size.to_bytes(8, "big")).digest(size) if size else b""


def _encrypt_ours(recipients: list[X25519Identity], data: bytes) -> bytes:
    sink = io.BytesIO()
    with AgeWriter([identity.recipient() for identity in recipients], sink) as writer:
        writer.write(data)
    return sink.getvalue()


@pytest.mark.parametrize("size", SIZES)
def test_age_decrypts_what_we_write(age_tool: str, tmp_path: Path, size: int) -> None:
    identity = X25519Identity.generate()
    data = _plaintext(size)
    result = subprocess.run(
        [age_tool, "-d", "-i", str(_identity_file(tmp_path, identity))],
        input=_encrypt_ours([identity], data),
        capture_output=True,
        check=True,
    )
    assert result.stdout == data


@pytest.mark.parametrize("size", SIZES)
def test_we_decrypt_what_age_writes(age_tool: str, size: int) -> None:
    identity = X25519Identity.generate()
    data = _plaintext(size)
    encrypted = subprocess.run(
        [age_tool, "-r", identity.recipient().to_string()], input=data, capture_output=True, check=True
    ).stdout
    with AgeReader([identity], io.BytesIO(encrypted)) as reader:
        assert reader.stanza_types == ("X25519",)
        assert reader.read() == data


def test_multiple_recipients_both_directions(age_tool: str, tmp_path: Path) -> None:
    first, second, third = (X25519Identity.generate() for _ in range(3))
    data = _plaintext(CHUNK + 7)
    ours = _encrypt_ours([first, second, third], data)
    result = subprocess.run(
        [age_tool, "-d", "-i", str(_identity_file(tmp_path, third))],
        input=ours,
        capture_output=True,
        check=True,
    )
    assert result.stdout == data

    recipients_file = tmp_path / "recipients.txt"
    recipients_file.write_text(
        "".join(f"{identity.recipient().to_string()}\n" for identity in (first, second, third)),
        encoding="ascii",
    )
    theirs = subprocess.run(
        [age_tool, "-R", str(recipients_file)], input=data, capture_output=True, check=True
    ).stdout
    with AgeReader([second], io.BytesIO(theirs)) as reader:
        assert reader.read() == data


def test_keys_from_age_keygen_parse_and_match(tmp_path: Path, age_tool: str) -> None:
    keygen = shutil.which("age-keygen")
    if keygen is None:
        pytest.skip("age-keygen is not on PATH (Debian package `age`)")
    key_file = tmp_path / "key.txt"
    subprocess.run([keygen, "-o", str(key_file)], capture_output=True, check=True)
    secret_line = next(
        line
        for line in key_file.read_text(encoding="ascii").splitlines()
        if line.startswith("AGE-SECRET-KEY-1")
    )
    public = subprocess.run(
        [keygen, "-y", str(key_file)], capture_output=True, check=True, text=True
    ).stdout.strip()
    identity = parse_identity(secret_line)
    assert identity.to_string() == secret_line
    assert identity.recipient() == parse_recipient(public)
    assert identity.recipient().to_string() == public


def test_age_also_rejects_an_aborted_file(age_tool: str, tmp_path: Path) -> None:
    identity = X25519Identity.generate()
    sink = io.BytesIO()
    with pytest.raises(RuntimeError), AgeWriter([identity.recipient()], sink) as writer:
        writer.write(os.urandom(2 * CHUNK + 5))
        raise RuntimeError("export interrupted")
    result = subprocess.run(
        [age_tool, "-d", "-i", str(_identity_file(tmp_path, identity))],
        input=sink.getvalue(),
        capture_output=True,
        check=False,
    )
    assert result.returncode != 0
    with pytest.raises(PayloadError), AgeReader([identity], io.BytesIO(sink.getvalue())) as reader:
        reader.read()
