"""`intake export --include-originals` and the import report's attachment lines, as real
subprocesses on both sides."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.attachment_samples import pdf_bytes
from tests.test_cli import Cli


@pytest.mark.usefixtures("qapp")  # the PDF is drawn with Qt
def test_attachments_go_out_with_their_case_and_the_report_counts_them(tmp_path: Path) -> None:
    coordinator, volunteer = Cli(tmp_path / "coordinator"), Cli(tmp_path / "volunteer")
    coordinator.init("coordinator")
    volunteer.init("field")
    coordinator_key, volunteer_key = tmp_path / "c.key", tmp_path / "v.key"
    coordinator.ok("keys", "export", str(coordinator_key))
    volunteer.ok("keys", "export", str(volunteer_key))
    volunteer.ok("keys", "approve", volunteer.json("keys", "import", str(coordinator_key))["fingerprint"])
    coordinator.ok("keys", "approve", coordinator.json("keys", "import", str(volunteer_key))["fingerprint"])

    case_id = volunteer.ok("case", "add", stdin='{"title": "Дело с протоколом"}').strip()
    volunteer.ok("case", "seal", case_id)
    scan = tmp_path / "протокол.pdf"
    scan.write_bytes(pdf_bytes(["Протокол задержания"]))
    attachment_id = volunteer.ok("attach", case_id, str(scan)).splitlines()[0]

    bundle = tmp_path / "one.bundle"
    out = volunteer.ok("export", "--to", str(bundle), "--include-originals")
    assert "1 sealed revision" in out and "1 attachment (1 with the original)" in out
    assert "It carries" not in volunteer.ok("export", "--to", str(tmp_path / "empty.bundle"))

    (report,) = coordinator.json("import", str(bundle))
    assert report["attachment_counts"]["new"] == 1
    assert [a["attachment_id"] for a in report["attachments"]] == [attachment_id]
    (listed,) = coordinator.json("attachments", case_id)["attachments"]
    assert listed["id"] == attachment_id and listed["file_name"] == "протокол.pdf"
    copy = tmp_path / "copy.pdf"
    coordinator.ok("extract", attachment_id, "--to", str(copy))
    assert copy.read_bytes() == scan.read_bytes()

    verified = coordinator.ok("verify", case_id)
    assert f"attachment {attachment_id} “протокол.pdf”" in verified
    assert "the original matches its hash" in verified and "Everything checks out." in verified

    again = volunteer.ok("export", "--to", str(tmp_path / "again.bundle"), "--all")
    assert "1 attachment" in again
    text = coordinator.ok("import", str(tmp_path / "empty.bundle"), str(tmp_path / "again.bundle"))
    assert "attachments: new 0, original added 0, unchanged 1" in text
