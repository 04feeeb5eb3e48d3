"""A rough, honest estimate of how hard a passphrase is to guess, with advice.

It errs low: it counts a word of letters as one pick from a large word list rather than as a string
of random letters, because that is how attackers guess. It is advice for the person choosing, not
a guarantee; Argon2id (about a second per guess) multiplies whatever it finds.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from enum import IntEnum
from itertools import pairwise

from intake.i18n import _

# A guessing dictionary of common words in either language, with simple variations.
_WORD_BITS = math.log2(50_000)
_DIGIT_BITS = math.log2(10)
_SYMBOL_BITS = math.log2(33)
_WORD = re.compile(r"[^\W\d_]+")
_SEQUENCES = (
    "0123456789",
    "abcdefghijklmnopqrstuvwxyz",
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "qwertyuiop",
    "йцукенгшщзх",
)


class Strength(IntEnum):
    TOO_SHORT = 0
    WEAK = 1
    FAIR = 2
    STRONG = 3


@dataclass(frozen=True)
class StrengthEstimate:
    bits: float
    strength: Strength
    advice: str


def _is_sequence(run: str) -> bool:
    """Keyboard rows, alphabet runs and steady counts ("4567890123", "zyxw", "7777")."""
    lowered = run.lower()
    if len(lowered) < 3:
        return False
    if any(lowered in seq or lowered[::-1] in seq for seq in _SEQUENCES):
        return True
    modulus = 10 if lowered.isdigit() else 0x110000
    steps = {(ord(b) - ord(a)) % modulus for a, b in pairwise(lowered)}
    return len(steps) == 1 and steps <= {0, 1, modulus - 1}


def _bits(passphrase: str) -> float:
    text = unicodedata.normalize("NFC", passphrase)
    bits = 0.0
    seen_words: set[str] = set()
    for word in _WORD.findall(text):
        lowered = word.lower()
        if lowered in seen_words or len(set(lowered)) == 1 or _is_sequence(lowered):
            bits += 1.0  # a repeat or a run like "aaaa"/"abcd" adds almost nothing
        else:
            bits += min(_WORD_BITS, len(lowered) * 4.7)
            seen_words.add(lowered)
    digits = re.findall(r"\d+", text)
    for run in digits:
        bits += 1.0 if _is_sequence(run) or len(set(run)) == 1 else len(run) * _DIGIT_BITS
    symbols = [ch for ch in text if not ch.isalnum() and not ch.isspace()]
    bits += len(set(symbols)) * _SYMBOL_BITS / 2
    return bits


def estimate(passphrase: str, minimum_length: int) -> StrengthEstimate:
    if len(unicodedata.normalize("NFC", passphrase).strip()) < minimum_length:
        return StrengthEstimate(
            0.0,
            Strength.TOO_SHORT,
            _("Too short: use at least {count} characters.").format(count=minimum_length),
        )
    bits = _bits(passphrase)
    if bits < 45:
        return StrengthEstimate(
            bits,
            Strength.WEAK,
            _("Weak: easy to guess. Use five or more words picked at random, not a phrase or a name."),
        )
    if bits < 65:
        return StrengthEstimate(
            bits, Strength.FAIR, _("Fair. One or two more random words would make it strong.")
        )
    return StrengthEstimate(
        bits,
        Strength.STRONG,
        _(
            "Strong. Learn it by heart before you rely on it: a forgotten passphrase cannot be recovered. "
            "If you write it down, keep the paper away from the laptop."
        ),
    )
