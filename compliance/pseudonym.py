"""Keyed hashes for the debtor's account and contact point: evidence matches, no number is stored."""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings


def _key() -> bytes:
    key = settings.COMPLIANCE_HASH_KEY
    if key:
        return key.encode()
    return hashlib.sha256(b"compliance-hash:" + settings.SECRET_KEY.encode()).digest()


def normalise_destination(value: str) -> str:
    """A phone number by its digits (so "+57 300-123" and "57300123" match); an e-mail lower-cased."""
    value = value.strip()
    if "@" in value:
        return value.lower()
    digits = re.sub(r"\D", "", value)
    return digits or value.lower()


def pseudonym(kind: str, value: str) -> str:
    """HMAC-SHA-256 of ``kind:value`` (``kind`` keeps an account and a phone apart)."""
    text = value.strip().upper() if kind == "account" else normalise_destination(value)
    return hmac.new(_key(), f"{kind}:{text}".encode(), hashlib.sha256).hexdigest()


def account_hash(reference: str) -> str:
    return pseudonym("account", reference)


def destination_hash(contact_point: str) -> str:
    return pseudonym("destination", contact_point)
