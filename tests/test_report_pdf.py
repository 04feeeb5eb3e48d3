"""The PDF report: readable text in Russian and English, nothing that identifies anyone, case
descriptions only with consent, figures that a case without statistics consent never changes,
and bad destinations refused with nothing written."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from crypto.kdf import MINIMUM
from intake.errors import BadInputError, StorageError
from intake.report_pdf import build_pdf_report, write_pdf_report
from intake.statistics import CaseFilter, Population, load_population
from intake.vault import Vault, create_vault
from intake.vault_settings import Role
from intake.vocabulary import Vocabularies, default_vocabularies
from tests.mounts import remount, tmpfs
from tests.support import PASSPHRASE, isolated_env

TODAY = date(2026, 12, 1)
# Strings that must never reach a report: every free-text and identifying field carries one.
CANARIES = ("ПСЕВДОНИМ", "КАНАРЕЙКА", "CANARY")
# Subject-level places (the report stops at federal districts).
SUBJECT_LABELS = ("Moscow", "Москва", "Saint Petersburg", "Санкт-Петербург", "Tatarstan", "Татарстан")

_PLACES = [("CFD", "RU-MOW"), ("NWFD", "RU-SPE"), ("VFD", "RU-TA")]
_VIOLATIONS = [["PHY.ASLT"], ["THR.THREAT", "PHY.ASLT"], ["EXT.ADM"], ["PRG.ADM"], ["DISC.EMP"]]
_PERPETRATORS = [["NS.STR"], ["ST.POL"], ["NS.FAM"], []]
_STAGES = ["PS.NOT_REPORTED", "PS.REPORTED", "PS.REFUSED", "PS.CASE_OPENED", None]


def _id() -> str:
    return str(uuid.uuid4())


def _case(
    n: int,
    *,
    statistics: str | None = "granted",
    publication: bool = False,
    violations: list[str] | None = None,
) -> dict[str, Any]:
    district, subject = _PLACES[n % 3]
    victim = {
        "id": _id(),
        "pseudonym": f"ПСЕВДОНИМ-{n}",
        "role": "victim",
        "notes": f"КАНАРЕЙКА-заметка-{n}",
        "identifying": {"full_name": f"КАНАРЕЙКА Иван {n}", "contact": f"CANARY-{n}@example.invalid"},
    }
    violations = violations or _VIOLATIONS[n % 5]
    consent = []
    if statistics is not None:
        consent.append(
            {"person": victim["id"], "scope": "C2.STATS", "status": statistics, "date": "2026-01-10"}
        )
    if publication:
        consent.append(
            {"person": victim["id"], "scope": "C3.PUB_ANON", "status": "granted", "date": "2026-01-10"}
        )
    return {
        "title": f"КАНАРЕЙКА заголовок {n}",
        "narrative": f"КАНАРЕЙКА рассказ {n}: CANARY narrative",
        "notes": "CANARY case notes",
        "occurred": {"date": f"{2024 + n % 2}-{1 + n % 12:02d}", "precision": "month"},
        "location": {
            "district": district,
            "subject": subject,
            "city": "КАНАРЕЙКА-город",
            "address": "CANARY st",
        },
        "violations": violations,
        "bias_motivations": ["B.SO"] if n % 2 else ["B.GI"],
        "police_stage": _STAGES[n % 5],
        "persons": [victim],
        "acts": [
            {"id": _id(), "victim": victim["id"], "type": code, "notes": "CANARY act"} for code in violations
        ],
        "perpetrators": [
            {"id": _id(), "type": code, "relation": "КАНАРЕЙКА"} for code in _PERPETRATORS[n % 4]
        ],
        "consent": consent,
        "followups": [
            {"id": _id(), "need": "N.LEGAL", "status": "done" if n % 2 else "open", "notes": "CANARY"}
        ],
    }


# 82 counted cases: 80 in a pattern that fills every published cell with 5 or more, so cases 0,
# 1 and 2, which may be described, are; and two killings, which no table may show as a count of
# two. Two more cases never count.
FIXTURE = [_case(n, publication=n < 3) for n in range(80)] + [
    _case(n, violations=["PHY.KILL"]) for n in (80, 81)
]
NOT_COUNTED = [_case(100, statistics=None, publication=True), _case(101, statistics="withdrawn")]


@pytest.fixture(scope="module")
def vocab() -> Vocabularies:
    return default_vocabularies()


def _seal_all(vault: Vault, docs: list[dict[str, Any]]) -> None:
    for doc in docs:
        vault.store.seal(vault.store.create_case(doc).case_id)


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with create_vault(tmp_path / "v", PASSPHRASE, Role.COORDINATOR, params=MINIMUM) as opened:
        _seal_all(opened, FIXTURE + NOT_COUNTED)
        yield opened


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _report(population: Population, vocab: Vocabularies, language: str) -> bytes:
    return build_pdf_report(population, CaseFilter(), vocab, language, today=TODAY)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            ("What is counted", "Limitations", "not a representative sample", "Physical violence", "Annex"),
        ),
        (
            "ru",
            (
                "Что считается",
                "Ограничения",
                "не репрезентативная выборка",
                "Физическое насилие",
                "Приложение",
            ),
        ),
    ],
)
def test_the_report_reads_as_text_in_either_language(
    vault: Vault, vocab: Vocabularies, language: str, expected: tuple[str, ...]
) -> None:
    text = _text(_report(load_population(vault.connection), vocab, language))
    flat = " ".join(text.split())
    for phrase in expected:
        assert phrase in flat, phrase
    assert "82" in flat  # the number of counted cases, stated in the methodology


def test_the_report_holds_no_name_pseudonym_free_text_or_region(vault: Vault, vocab: Vocabularies) -> None:
    for language in ("en", "ru"):
        data = _report(load_population(vault.connection), vocab, language)
        text = " ".join(_text(data).split())
        for forbidden in (*CANARIES, *SUBJECT_LABELS):
            assert forbidden not in text, (language, forbidden)
        # The raw file too: metadata, and any string the text layer might not show.
        for canary in CANARIES:
            assert canary.encode("utf-8") not in data and canary.encode("utf-16-be") not in data


def test_only_cases_with_consent_to_publication_are_described(vault: Vault, vocab: Vocabularies) -> None:
    text = " ".join(_text(_report(load_population(vault.connection), vocab, "en")).split())
    descriptions = text.split("Case descriptions", 1)[1].split("Annex: hate-crime incidents", 1)[0]
    # Cases 0, 1, 2 are described (newest first); case 100 consented to publication but not to
    # statistics, so it is not counted and not described.
    assert descriptions.count(" · ") == 3
    assert "2024-01 · Central Federal District" in descriptions
    assert "2025-02 · Northwestern Federal District" in descriptions
    assert "2024-03 · Volga Federal District" in descriptions
    annex = text.split("Annex: hate-crime incidents", 1)[1]
    # Of the three, cases 0 (assault) and 1 (threats and assault) are hate crimes; case 2 (an
    # 'extremism' prosecution) is not an ODIHR incident.
    assert "2025-02" in annex and "2024-01" in annex and "2024-03" not in annex


def test_a_case_without_statistics_consent_never_changes_the_report(
    tmp_path: Path, vault: Vault, vocab: Vocabularies
) -> None:
    with_them = load_population(vault.connection)
    with create_vault(tmp_path / "w", PASSPHRASE, Role.COORDINATOR, params=MINIMUM) as other:
        _seal_all(other, FIXTURE)
        without_them = load_population(other.connection)
    assert len(with_them.excluded) == 2 and not without_them.excluded

    def figures(population: Population) -> str:
        text = _text(_report(population, vocab, "en"))
        return "\n".join(line for line in text.splitlines() if not line.startswith("Left out"))

    assert figures(with_them) == figures(without_them)


def test_small_counts_are_hidden_in_the_report(vault: Vault, vocab: Vocabularies) -> None:
    text = _text(_report(load_population(vault.connection), vocab, "en"))
    assert "<5" in text
    # The acts table: extremism and propaganda have 8 acts each, so they show; a table line
    # never shows a count from 1 to 4.
    figures = text.split("Figures", 1)[1].split("Case descriptions", 1)[0]
    for line in figures.splitlines():
        last = line.rsplit(" ", 1)[-1]
        if last.isdigit() and not line.strip().isdigit():
            assert not 0 < int(last) < 5, line


def test_write_refuses_bad_destinations_and_writes_nothing(
    tmp_path: Path, vault: Vault, vocab: Vocabularies
) -> None:
    population = load_population(vault.connection)
    existing = tmp_path / "taken.pdf"
    existing.write_bytes(b"keep me")
    with pytest.raises(BadInputError, match="already exists"):
        write_pdf_report(existing, population, CaseFilter(), vocab, "en")
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(BadInputError, match="not a folder"):
        write_pdf_report(tmp_path / "missing" / "r.pdf", population, CaseFilter(), vocab, "en")
    write_pdf_report(existing, population, CaseFilter(), vocab, "en", overwrite=True)
    assert existing.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(("size", "mode"), [("4m", "ro"), ("16k", "rw")])
def test_a_read_only_or_full_disk_is_a_clear_error_and_leaves_nothing(
    tmp_path: Path, vault: Vault, vocab: Vocabularies, size: str, mode: str
) -> None:
    population = load_population(vault.connection)
    with tmpfs(tmp_path / "stick", size) as stick:
        remount(stick, mode)
        with pytest.raises(StorageError, match="could not be written"):
            write_pdf_report(stick / "report.pdf", population, CaseFilter(), vocab, "en")
        assert list(stick.iterdir()) == []


def test_the_report_command_writes_a_pdf_and_only_that(tmp_path: Path) -> None:
    from tests.test_cli import Cli

    cli = Cli(tmp_path / "home")
    cli.init("coordinator")
    for doc in FIXTURE[:12]:
        case_id = cli.ok("case", "add", stdin=json.dumps(doc, ensure_ascii=False)).strip()
        cli.ok("case", "seal", case_id)
    before = {p for p in cli.home.rglob("*") if p.is_file()}
    target = tmp_path / "out" / "report.pdf"
    target.parent.mkdir()
    said = cli.ok("report", "--pdf", str(target), "--language", "ru")
    assert "NOT encrypted" in said and "12" in said
    text = " ".join(_text(target.read_bytes()).split())
    assert "Что считается" in text and "КАНАРЕЙКА" not in text
    # Nothing else appeared anywhere the process could write (home, config, cache, temp).
    after = {p for p in cli.home.rglob("*") if p.is_file()}
    assert after - before == set() or all(p.parent == cli.data for p in after - before)
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.pdf"]
    again = cli.run("report", "--pdf", str(target), "--passphrase-file", str(cli.passfile))
    assert again.returncode == 2 and "already exists" in again.stderr


def test_building_a_report_writes_no_file_anywhere(tmp_path: Path, vault: Vault) -> None:
    """ReportLab keeps fonts and pages in memory: an isolated process leaves its home empty."""
    home = tmp_path / "home"
    home.mkdir()
    script = (
        "from intake.report_pdf import build_pdf_report\n"
        "from intake.statistics import CaseFilter, Population\n"
        "from intake.vocabulary import default_vocabularies\n"
        "import json, sys\n"
        "cases = tuple(json.loads(sys.stdin.read()))\n"
        "data = build_pdf_report(Population(cases, ()), CaseFilter(), default_vocabularies(), 'ru')\n"
        "assert data.startswith(b'%PDF')\n"
    )
    facts = list(load_population(vault.connection).cases)
    env = isolated_env(home)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    result = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(facts),
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert [p for p in home.rglob("*") if p.is_file()] == []


def test_a_report_stops_at_the_next_page_when_cancelled(vault: Vault, vocab: Vocabularies) -> None:
    population = load_population(vault.connection)
    pages: list[int] = []

    class Stop(Exception):
        pass

    def progress(done: int, total: int) -> None:
        pages.append(done)
        if pages.count(5) == 2:  # the second page laid out
            raise Stop

    with pytest.raises(Stop):
        build_pdf_report(population, CaseFilter(), vocab, "en", progress=progress)
