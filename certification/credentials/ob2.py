"""Open Badges 2.0 (hosted verification): the four documents an issuer publishes.

Every document carries the OB 2.0 context and its absolute `id` (the URL it is served at). The
recipient is never the e-mail itself: ``sha256$`` + hex SHA-256 of ``email + salt`` with
``hashed: true`` and the salt beside it, as the specification's IdentityObject describes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from certification.credentials.contexts import OB2_CONTEXT


@dataclass(frozen=True)
class Issuer:
    id: str
    name: str
    url: str
    email: str
    revocation_list: str
    image: str = ""


@dataclass(frozen=True)
class Link:
    """A thing a badge points at: an exam, a course."""

    url: str
    name: str


@dataclass(frozen=True)
class Badge:
    id: str
    name: str
    description: str
    image: str
    criteria_url: str
    criteria_narrative: str
    issuer_id: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Award:
    """One certificate as an Assertion."""

    id: str
    badge_id: str
    recipient_identity: str  # the e-mail (or URL) in clear; only its salted hash is published
    recipient_type: str  # "email" or "url"
    salt: str
    issued_on: dt.datetime
    expires: dt.datetime
    evidence: tuple[Link, ...]
    evidence_narrative: str
    image: str
    revoked: bool = False
    revocation_reason: str = ""


def identity_hash(identity: str, salt: str) -> str:
    """The IdentityObject's `identity`: ``sha256$`` + hex digest of identity + salt (e-mails lower-cased)."""
    return "sha256$" + hashlib.sha256((identity + salt).encode("utf-8")).hexdigest()


def _iso(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("Open Badges dates must be timezone-aware")
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def issuer_profile(issuer: Issuer) -> dict:
    doc = {
        "@context": OB2_CONTEXT,
        "type": "Issuer",
        "id": issuer.id,
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
        "revocationList": issuer.revocation_list,
    }
    if issuer.image:
        doc["image"] = issuer.image
    return doc


def badge_class(badge: Badge) -> dict:
    doc = {
        "@context": OB2_CONTEXT,
        "type": "BadgeClass",
        "id": badge.id,
        "name": badge.name,
        "description": badge.description,
        "image": badge.image,
        "criteria": {"id": badge.criteria_url, "narrative": badge.criteria_narrative},
        "issuer": badge.issuer_id,
    }
    if badge.tags:
        doc["tags"] = list(badge.tags)
    return doc


def assertion(award: Award) -> dict:
    """The hosted Assertion; a revoked one keeps only what the spec requires (id, revoked) and the reason."""
    if award.revoked:
        return revoked_assertion(award)
    identity = award.recipient_identity.strip()
    if award.recipient_type == "email":
        identity = identity.lower()
    return {
        "@context": OB2_CONTEXT,
        "type": "Assertion",
        "id": award.id,
        "recipient": {
            "type": award.recipient_type,
            "hashed": True,
            "salt": award.salt,
            "identity": identity_hash(identity, award.salt),
        },
        "badge": award.badge_id,
        "issuedOn": _iso(award.issued_on),
        "expires": _iso(award.expires),
        "image": award.image,
        "evidence": _evidence(award),
        "verification": {"type": "hosted"},
    }


def _evidence(award: Award) -> list[dict]:
    items = [{"id": link.url, "name": link.name} for link in award.evidence]
    if items and award.evidence_narrative:
        items[0]["narrative"] = award.evidence_narrative
    return items


def revoked_assertion(award: Award) -> dict:
    doc = {"@context": OB2_CONTEXT, "type": "Assertion", "id": award.id, "revoked": True}
    if award.revocation_reason:
        doc["revocationReason"] = award.revocation_reason
    return doc


def revocation_list(*, id: str, issuer_id: str, revoked: list[tuple[str, str]]) -> dict:
    """`revoked`: (assertion id, reason) pairs."""
    return {
        "@context": OB2_CONTEXT,
        "type": "RevocationList",
        "id": id,
        "issuer": issuer_id,
        "revokedAssertions": [
            {"id": assertion_id, "revocationReason": reason} if reason else {"id": assertion_id}
            for assertion_id, reason in revoked
        ],
    }
