"""case_statistics (schema 7): the triggers keep, for each case, exactly the counted fields of its
newest sealed revision, however the revision arrived (sealed here, or merged from a bundle), and
nothing of its free text."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from crypto.kdf import MINIMUM
from intake.vault import Vault, create_vault
from intake.vault_settings import Role
from tests.support import PASSPHRASE
from tests.test_report_pdf import FIXTURE


def _vault(root: Path, role: Role) -> Vault:
    return create_vault(root, PASSPHRASE, role, params=MINIMUM)


def _expected(content: Mapping[str, Any]) -> dict[str, Any]:
    """The projection, written again in Python from the case format (docs/formats), so the SQL
    that makes it is checked against an independent statement of what it should hold."""
    location = content.get("location") or {}
    return {
        "occurred": content.get("occurred"),
        "district": location.get("district"),
        "subject": location.get("subject"),
        "place_type": content.get("place_type"),
        "violations": content.get("violations", []),
        "bias_motivations": content.get("bias_motivations", []),
        "police_stage": content.get("police_stage"),
        "persons": [{"id": p["id"], "role": p["role"]} for p in content.get("persons", [])],
        "acts": [
            {"victim": a.get("victim"), "type": a.get("type"), "date": a.get("date")}
            for a in content.get("acts", [])
        ],
        "perpetrators": [p.get("type") for p in content.get("perpetrators", [])],
        "sources": [s.get("type") for s in content.get("sources", [])],
        "consent": [
            {"person": c.get("person"), "scope": c["scope"], "status": c["status"]}
            for c in content.get("consent", [])
        ],
        "followups": [{"need": f["need"], "status": f["status"]} for f in content.get("followups", [])],
    }


def _facts(vault: Vault) -> dict[str, tuple[int, dict[str, Any]]]:
    rows = vault.connection.execute("SELECT case_id, revision, facts FROM case_statistics").fetchall()
    return {case_id: (revision, json.loads(facts)) for case_id, revision, facts in rows}


def test_each_sealed_case_s_row_is_its_counted_fields_and_no_free_text(tmp_path: Path) -> None:
    with _vault(tmp_path / "v", Role.COORDINATOR) as vault:
        ids = []
        for doc in FIXTURE[:6]:
            case_id = vault.store.create_case(doc).case_id
            vault.store.seal(case_id)
            ids.append(case_id)
        draft = vault.store.create_case(FIXTURE[6]).case_id
        facts = _facts(vault)
        assert sorted(facts) == sorted(ids) and draft not in facts
        for case_id in ids:
            sealed = vault.store.get(case_id).content
            assert facts[case_id] == (1, _expected(sealed))
        raw = "".join(row[0] for row in vault.connection.execute("SELECT facts FROM case_statistics"))
        for canary in ("ПСЕВДОНИМ", "КАНАРЕЙКА", "CANARY"):
            assert canary not in raw


def test_a_newer_sealed_revision_replaces_the_row_and_a_draft_does_not(tmp_path: Path) -> None:
    with _vault(tmp_path / "v", Role.COORDINATOR) as vault:
        case_id = vault.store.create_case(FIXTURE[0]).case_id
        vault.store.seal(case_id)
        moved = {**FIXTURE[0], "location": {"district": "NWFD", "subject": "RU-SPE"}}
        vault.store.save_draft(case_id, moved)
        assert _facts(vault)[case_id][1]["district"] == "CFD"  # a draft is not evidence yet
        vault.store.seal(case_id)
        revision, facts = _facts(vault)[case_id]
        assert (revision, facts["district"], facts["subject"]) == (2, "NWFD", "RU-SPE")


def test_revisions_merged_from_a_bundle_fill_the_coordinator_s_rows(tmp_path: Path) -> None:
    with (
        _vault(tmp_path / "volunteer", Role.FIELD) as volunteer,
        _vault(tmp_path / "coordinator", Role.COORDINATOR) as coordinator,
    ):
        keys = coordinator.public_keys()
        contact, _new = volunteer.contacts.add(keys)
        volunteer.approve_key(contact.fingerprint)
        theirs, _new = coordinator.contacts.add(volunteer.public_keys())
        coordinator.approve_key(theirs.fingerprint)
        assert keys.age_recipient is not None
        for doc in FIXTURE[:3]:
            volunteer.store.seal(volunteer.store.create_case(doc).case_id)
        bundle = volunteer.export_bundle(tmp_path / "1.bundle", [keys.age_recipient]).path
        with bundle.open("rb") as source:
            assert coordinator.import_bundle(source).outcome == "merged"
        assert _facts(coordinator) == _facts(volunteer)
        assert len(_facts(coordinator)) == 3
