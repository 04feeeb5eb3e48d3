"""Every user-visible string in ui/ is in the Russian Qt catalog and translated there, and the
language can be switched while the app runs."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

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
