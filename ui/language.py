"""Switching the interface language at run time: Qt's catalogs for widgets, intake.i18n for the
core's messages. Widgets re-read their texts on QEvent.LanguageChange (see their `retranslate`)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

from intake import i18n
from intake.resources import RESOURCES_DIR

TRANSLATIONS_DIR = RESOURCES_DIR / "translations"


class LanguageSwitcher(QObject):
    """Owns the installed translators; `apply(language)` replaces them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._installed: list[QTranslator] = []
        self.language = "en"

    def apply(self, language: str) -> None:
        language = language if language in i18n.SUPPORTED_LANGUAGES else "en"
        app = QCoreApplication.instance()
        assert app is not None, "a QApplication must exist before a language is applied"
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed = []
        # English has a catalog too: it holds only the plural forms ("1 case", "2 cases"), which
        # the source strings ("%n case(s)") cannot spell.
        ours = QTranslator(self)
        if not ours.load(str(TRANSLATIONS_DIR / f"intake_{language}.qm")):
            raise FileNotFoundError(
                f"compiled catalog for {language!r} is missing; run scripts/build-translations.sh"
            )
        if language != "en":
            qt_own = QTranslator(self)  # Qt's own strings: standard buttons and dialogs
            if qt_own.load(
                QLocale(language), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            ):
                self._installed.append(qt_own)
        self._installed.append(ours)
        for translator in self._installed:
            app.installTranslator(translator)
        i18n.set_language(language)
        self.language = language
