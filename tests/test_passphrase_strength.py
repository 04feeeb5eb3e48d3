"""The passphrase strength estimate errs low and gives advice."""

from __future__ import annotations

import pytest

from intake.passphrase_strength import Strength, estimate


@pytest.mark.parametrize(
    ("passphrase", "expected"),
    [
        ("short", Strength.TOO_SHORT),
        ("        x", Strength.TOO_SHORT),
        ("password", Strength.WEAK),
        ("aaaaaaaaaaaaaaaa", Strength.WEAK),
        ("12345678901234", Strength.WEAK),
        ("qwertyuiop", Strength.WEAK),
        ("correct horse battery", Strength.FAIR),
        ("корова облако синий трактор пятница", Strength.STRONG),
        ("tulip granite hollow lantern seventy", Strength.STRONG),
    ],
)
def test_strength(passphrase: str, expected: Strength) -> None:
    result = estimate(passphrase, 8)
    assert result.strength is expected, result
    assert result.advice


def test_repeating_a_word_adds_almost_nothing() -> None:
    once = estimate("lantern granite", 8).bits
    assert estimate("lantern granite lantern granite", 8).bits < once + 3
