"""Every user-visible string in the core is marked for translation and translated into Russian."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from intake import i18n

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def marked_strings() -> dict[str, tuple[str, ...]]:
    """msgid -> (plural,) for every `_("…")` and `ngettext("…", "…", n)` call in intake/."""
    found: dict[str, tuple[str, ...]] = {}
    for path in sorted([*(ROOT / "intake").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id == "_" and args:
                found[args[0]] = ()
            elif node.func.id == "ngettext" and len(args) >= 2:
                found[args[0]] = (args[1],)
    return found


def test_there_are_marked_strings() -> None:
    assert len(marked_strings()) > 50


def test_russian_catalog_translates_every_marked_string() -> None:
    catalog = i18n.load_catalog("ru")
    missing = sorted(m for m in marked_strings() if m not in catalog)
    assert missing == []


def test_plural_strings_have_three_russian_forms() -> None:
    catalog = i18n.load_catalog("ru")
    for msgid, plural in marked_strings().items():
        if plural:
            forms = catalog.get(msgid)
            assert isinstance(forms, list), msgid
            assert len(forms) == 3, msgid


def test_translations_keep_the_placeholders() -> None:
    catalog = i18n.load_catalog("ru")
    for msgid in marked_strings():
        translations = catalog.get(msgid)
        for translated in translations if isinstance(translations, list) else [translations]:
            assert translated is not None
            assert set(PLACEHOLDER.findall(translated)) == set(PLACEHOLDER.findall(msgid)), msgid


def test_russian_text_is_actually_russian() -> None:
    catalog = i18n.load_catalog("ru")
    cyrillic = re.compile("[а-яё]", re.IGNORECASE)
    untranslated = [m for m, t in catalog.items() if m and not cyrillic.search(str(t))]
    assert untranslated == []


@pytest.mark.parametrize(
    ("n", "form"), [(1, 0), (2, 1), (4, 1), (5, 2), (11, 2), (12, 2), (21, 0), (22, 1), (111, 2)]
)
def test_russian_plural_rule(n: int, form: int) -> None:
    assert i18n._plural_index("ru", n) == form
