"""Every user-visible string in ui/ is in the Russian Qt catalog and translated there, every plural
one has its English forms, and the language can be switched while the app runs."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from intake import i18n
from ui.language import TRANSLATIONS_DIR, LanguageSwitcher
from ui.unlock_screen import UnlockScreen

ROOT = Path(__file__).resolve().parent.parent
LUPDATE = ROOT / ".venv" / "bin" / "pyside6-lupdate"


def _messages(ts: Path) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            text = translation.text
            if message.get("numerus") == "yes":
                forms = [form.text for form in translation.iter("numerusform")]
                # Russian needs three plural forms (1 дело, 2 дела, 5 дел), all filled in.
                text = "|".join(f or "" for f in forms) if len(forms) == 3 and all(forms) else None
            found[(name, message.findtext("source") or "")] = (text, translation.get("type"))
    return found


def test_every_ui_string_is_translated_into_russian(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [str(LUPDATE), "-locations", "none", "-extensions", "py", str(ROOT / "ui"), "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    in_sources = set(_messages(fresh))
    assert len(in_sources) >= 5
    catalog = _messages(TRANSLATIONS_DIR / "intake_ru.ts")
    missing = sorted(key for key in in_sources if key not in catalog)
    untranslated = sorted(
        key for key in in_sources if key in catalog and (catalog[key][1] or not catalog[key][0])
    )
    assert missing == []
    assert untranslated == []


def _english_forms(ts: Path) -> dict[tuple[str, str], list[str] | None]:
    """Plural messages -> their two English forms, or None where they are missing or unfinished."""
    found: dict[tuple[str, str], list[str] | None] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            if message.get("numerus") != "yes":
                continue
            translation = message.find("translation")
            forms = (
                [] if translation is None else [form.text or "" for form in translation.iter("numerusform")]
            )
            finished = translation is not None and translation.get("type") is None
            complete = finished and len(forms) == 2 and all(forms)
            found[(name, message.findtext("source") or "")] = forms if complete else None
    return found


def test_every_plural_ui_string_has_english_forms(tmp_path: Path) -> None:
    # Without them English shows the source form ("1 case(s)").
    fresh = tmp_path / "fresh_en.ts"
    subprocess.run(
        [
            str(LUPDATE),
            "-locations",
            "none",
            "-extensions",
            "py",
            "-pluralonly",
            str(ROOT / "ui"),
            "-ts",
            str(fresh),
        ],
        check=True,
        capture_output=True,
    )
    in_sources = set(_english_forms(fresh))
    assert ("CaseListPage", "%n case(s)") in in_sources
    catalog = _english_forms(TRANSLATIONS_DIR / "intake_en.ts")
    assert sorted(key for key in in_sources if catalog.get(key) is None) == []


def test_english_catalog_spells_plurals(qtbot: QtBot) -> None:
    switcher = LanguageSwitcher()
    try:
        switcher.apply("en")
        forms = [QCoreApplication.translate("CaseListPage", "%n case(s)", "", n) for n in (1, 2, 21)]
        assert forms == ["1 case", "2 cases", "21 cases"]
    finally:
        switcher.apply("en")


def test_language_switch_changes_visible_texts_without_restart(qtbot: QtBot) -> None:
    switcher = LanguageSwitcher()
    screen = UnlockScreen()
    qtbot.addWidget(screen)
    try:
        button = screen.findChild(QPushButton)
        title = screen.findChild(QLabel)
        assert button is not None
        assert title is not None
        assert button.text() == "Unlock"
        switcher.apply("ru")  # Qt delivers LanguageChange through the event loop
        qtbot.waitUntil(lambda: button.text() == "Разблокировать")
        assert title.text() == "Intake заблокирован"
        assert i18n.current_language() == "ru"
        switcher.apply("en")
        qtbot.waitUntil(lambda: button.text() == "Unlock")
    finally:
        switcher.apply("en")
