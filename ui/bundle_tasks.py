"""The worker-side functions of export and import, run by ui/background_task.py. No widgets, no Qt.

Progress strings (the only thing that crosses threads while a task runs):
- export: "entries DONE/TOTAL" after each revision or attachment written
- import: "files DONE/TOTAL" before each file and once at the end
`parse_progress` turns either back into (kind, done, total).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from intake.bundle_export import ExportResult
from intake.bundle_import import ImportReport
from intake.errors import IntakeError
from intake.i18n import _
from intake.vault import Vault

ProgressCallback = Callable[[str], None]


@dataclass(frozen=True)
class FileImport:
    """One file's outcome: a report, or the message saying why it was refused (store unchanged)."""

    name: str
    report: ImportReport | None
    error: str | None


def parse_progress(text: str) -> tuple[str, int, int] | None:
    kind, _space, fraction = text.partition(" ")
    done, _slash, total = fraction.partition("/")
    if kind not in ("entries", "files") or not done.isdigit() or not total.isdigit():
        return None
    return kind, int(done), int(total)


def export_task(
    vault: Vault,
    path: Path,
    recipients: Sequence[str],
    cancel: threading.Event,
    include_originals: bool = False,
) -> Callable[[ProgressCallback], ExportResult]:
    def run(progress: ProgressCallback) -> ExportResult:
        return vault.export_bundle(
            path,
            list(recipients),
            include_originals=include_originals,
            progress=lambda done, total: progress(f"entries {done}/{total}"),
            cancelled=cancel.is_set,
        )

    return run


def import_task(
    vault: Vault, paths: Sequence[Path], stop: threading.Event
) -> Callable[[ProgressCallback], list[FileImport]]:
    """Each file on its own (the core imports each in its own transaction): one refused file
    does not stop the others. Setting `stop` (the panic wipe) ends it before the next file; the
    files not read are left out of the outcomes."""

    def run(progress: ProgressCallback) -> list[FileImport]:
        outcomes: list[FileImport] = []
        for done, path in enumerate(paths):
            if stop.is_set():
                return outcomes
            progress(f"files {done}/{len(paths)}")
            try:
                with path.open("rb") as source:
                    outcomes.append(FileImport(path.name, vault.import_bundle(source), None))
            except OSError as exc:
                reason = _("cannot be read ({reason})").format(reason=type(exc).__name__)
                outcomes.append(FileImport(path.name, None, reason))
            except IntakeError as exc:
                outcomes.append(FileImport(path.name, None, str(exc)))
        progress(f"files {len(paths)}/{len(paths)}")
        return outcomes

    return run


def approve_task(vault: Vault, fingerprint: str) -> Callable[[ProgressCallback], int]:
    """Approving a sender merges the bundles it had waiting in quarantine: possibly thousands of
    revisions, so it runs as a task too. Returns how many bundles were released."""

    def run(_progress: ProgressCallback) -> int:
        _contact, released = vault.approve_key(fingerprint)
        return len(released)

    return run
