"""A large attachment (256 MiB, generated) goes into a real vault, out again as a file, and through
a bundle into a coordinator's vault, with peak memory far below its size. Measured in a
subprocess: its peak resident memory (VmHWM) is reset just before each step, so the figure is
what that step itself needed."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
SIZE_MIB = 256
# Well below the file's size: SQLCipher's page cache, a few 1 MiB chunks in flight, Python.
PEAK_LIMIT_MIB = 64

_CHILD = """
import json, sys
from pathlib import Path
from crypto.kdf import MINIMUM
from intake.vault import create_vault
from intake.vault_settings import Role

def rss_kib(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)

def measured(step):
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM back to the current RSS
    before = rss_kib("VmRSS")
    result = step()
    return result, (rss_kib("VmHWM") - before) / 1024

source, root, copy = map(Path, sys.argv[1:4])
passphrase = "a passphrase for the test"
with create_vault(root / "field", passphrase, Role.FIELD, params=MINIMUM) as vault, create_vault(
    root / "coordinator", passphrase, Role.COORDINATOR, params=MINIMUM
) as coordinator:
    case_id = vault.store.create_case({"title": "Видео"}).case_id
    added, add_peak = measured(lambda: vault.attachments.add_file(case_id, source))
    _, extract_peak = measured(lambda: vault.attachments.extract(added.id, copy))
    vault.store.seal(case_id)
    keys = coordinator.public_keys()
    vault.approve_key(vault.contacts.add(keys)[0].fingerprint)
    coordinator.approve_key(coordinator.contacts.add(vault.public_keys())[0].fingerprint)
    bundle = root / "video.bundle"
    # A video is a file the app cannot clean: it goes only with the originals.
    recipients = [keys.age_recipient]
    exported, export_peak = measured(lambda: vault.export_bundle(bundle, recipients, include_originals=True))
    with bundle.open("rb") as stream:
        report, import_peak = measured(lambda: coordinator.import_bundle(stream))
    bundle.unlink()
    received = coordinator.attachments.get(added.id)
print(json.dumps({
    "add_peak_mib": add_peak,
    "extract_peak_mib": extract_peak,
    "export_peak_mib": export_peak,
    "import_peak_mib": import_peak,
    "sha256": added.sha256,
    "received_sha256": received.sha256 if received.has_original else None,
    "outcomes": [a.outcome for a in report.attachments],
}))
"""


def test_a_256_mib_attachment_goes_in_and_out_with_flat_memory(tmp_path: Path) -> None:
    source = tmp_path / "video.mp4"
    digest = hashlib.sha256()
    with source.open("wb") as out:
        for _ in range(SIZE_MIB):
            block = os.urandom(MIB)
            digest.update(block)
            out.write(block)
    copy = tmp_path / "copy.mp4"
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(source), str(tmp_path / "vault"), str(copy)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    figures = json.loads(done.stdout)
    print(f"peak memory above idle for {SIZE_MIB} MiB: {figures}")  # shown with -s, for the notes
    assert figures["sha256"] == digest.hexdigest()
    assert copy.stat().st_size == SIZE_MIB * MIB
    assert figures["add_peak_mib"] < PEAK_LIMIT_MIB
    assert figures["extract_peak_mib"] < PEAK_LIMIT_MIB
    # Through a bundle, out of one vault and into another, streamed both ways.
    assert figures["outcomes"] == ["new"] and figures["received_sha256"] == digest.hexdigest()
    assert figures["export_peak_mib"] < PEAK_LIMIT_MIB
    assert figures["import_peak_mib"] < PEAK_LIMIT_MIB
    with copy.open("rb") as back:
        copied = hashlib.sha256()
        while block := back.read(MIB):
            copied.update(block)
    assert copied.hexdigest() == digest.hexdigest()
