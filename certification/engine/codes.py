"""Certificate numbers and verification codes. Pure Python.

A verification code is 10 random Crockford base32 symbols (50 bits from ``secrets``)
followed by one check symbol (Luhn mod 32), 11 symbols in all. The canonical form (used
in URLs and stored) has no separators: ``7K3QX9M2DAB``; it is displayed in groups:
``7K3Q-X9M2-DAB``.

User input is normalised before checking: case, spaces and hyphens are ignored, and the
letters Crockford reserves for confusion are mapped (``O`` -> ``0``, ``I``/``L`` -> ``1``).
``U`` is not in the alphabet. A single mistyped symbol or two swapped neighbours (except 0 and Z) are
caught by the check symbol, so a typo shows "malformed" rather than somebody else's
certificate.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_LENGTH = 10
CODE_LENGTH = RANDOM_LENGTH + 1
_INDEX = {ch: i for i, ch in enumerate(ALPHABET)}
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.]+")


@dataclass(frozen=True)
class CodeCheck:
    """Result of checking typed input. ``code`` is canonical when ``ok``; otherwise
    ``error`` is ``code.empty``, ``code.length``, ``code.symbol`` or ``code.check``."""

    ok: bool
    code: str = ""
    error: str = ""


def check_symbol(body: str) -> str:
    """Luhn mod 32 check symbol for a canonical body."""
    factor = 2
    total = 0
    n = len(ALPHABET)
    for ch in reversed(body):
        addend = factor * _INDEX[ch]
        factor = 1 if factor == 2 else 2
        addend = addend // n + addend % n
        total += addend
    return ALPHABET[(n - total % n) % n]


def new_verification_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + check_symbol(body)


def normalise_code(value: str) -> str:
    return _SEPARATORS.sub("", value or "").upper().translate(_CONFUSABLE)


def check_code(value: str) -> CodeCheck:
    code = normalise_code(value)
    if not code:
        return CodeCheck(ok=False, error="code.empty")
    if len(code) != CODE_LENGTH:
        return CodeCheck(ok=False, code=code, error="code.length")
    if any(ch not in _INDEX for ch in code):
        return CodeCheck(ok=False, code=code, error="code.symbol")
    if check_symbol(code[:-1]) != code[-1]:
        return CodeCheck(ok=False, code=code, error="code.check")
    return CodeCheck(ok=True, code=code)


def format_code(code: str) -> str:
    """Display form, in groups of four: ``7K3Q-X9M2-DAB``."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def certificate_number(*, prefix: str, year: int, specialisation_code: str, sequence: int) -> str:
    """Human-readable certificate number, e.g. ``ACR-2026-NEG-000123``. Not a secret: the
    verification code is what proves a certificate exists."""
    if sequence < 1:
        raise ValueError("sequence must be positive")
    spec = re.sub(r"[^A-Z0-9]", "", specialisation_code.upper())
    return f"{prefix.upper()}-{year:04d}-{spec}-{sequence:06d}"
