"""Open Badges 3.0: an OpenBadgeCredential (W3C VC 2.0) signed as VC-JWT, and its status list.

VC-JWT as VC-JOSE-COSE describes it: the JWS payload is the credential itself, header
``{"alg": "EdDSA", "typ": "vc+jwt", "cty": "vc", "kid": "<did>#<key id>"}``; the registered claims
``iss``, ``jti``, ``sub``, ``nbf``, ``exp`` repeat issuer, id, subject and validity for JWT tools.

Revocation: a W3C Bitstring Status List. Each certificate owns a fixed index (its row id); the list
credential's ``encodedList`` is multibase base64url (prefix ``u``, no padding) of the GZIP of the
bitstring, bit 0 being the most significant bit of the first byte; at least 131,072 bits (16 KiB).
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
from dataclasses import dataclass

from joserfc import jwt

from certification.credentials.contexts import OB3_CONTEXT, VC2_CONTEXT
from certification.credentials.keys import KeyRing
from certification.credentials.ob2 import identity_hash

MIN_BITS = 131_072
ALGORITHM = "EdDSA"


@dataclass(frozen=True)
class IssuerProfile:
    did: str
    name: str
    url: str
    email: str


@dataclass(frozen=True)
class Achievement:
    id: str
    name: str
    description: str
    criteria_url: str
    criteria_narrative: str
    image: str


@dataclass(frozen=True)
class CredentialFacts:
    id: str
    name: str
    recipient_email: str
    salt: str
    valid_from: dt.datetime
    valid_until: dt.datetime
    evidence: tuple[tuple[str, str], ...]  # (url, name)
    status_list_url: str
    status_index: int


def _iso(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("credential dates must be timezone-aware")
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _issuer(issuer: IssuerProfile) -> dict:
    return {"id": issuer.did, "type": ["Profile"], "name": issuer.name, "url": issuer.url, "email": issuer.email}


def open_badge_credential(*, issuer: IssuerProfile, achievement: Achievement, facts: CredentialFacts) -> dict:
    email = facts.recipient_email.strip().lower()
    return {
        "@context": [VC2_CONTEXT, OB3_CONTEXT],
        "id": facts.id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": facts.name,
        "issuer": _issuer(issuer),
        "validFrom": _iso(facts.valid_from),
        "validUntil": _iso(facts.valid_until),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": identity_hash(email, facts.salt),
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": facts.salt,
                }
            ],
            "achievement": {
                "id": achievement.id,
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": achievement.name,
                "description": achievement.description,
                "criteria": {"id": achievement.criteria_url, "narrative": achievement.criteria_narrative},
                "image": {"id": achievement.image, "type": "Image"},
            },
        },
        "evidence": [{"id": url, "type": ["Evidence"], "name": name} for url, name in facts.evidence],
        "credentialStatus": {
            "id": f"{facts.status_list_url}#{facts.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(facts.status_index),
            "statusListCredential": facts.status_list_url,
        },
    }


def encode_bitstring(set_indexes: set[int] | frozenset[int], *, size: int | None = None) -> str:
    needed = max(set_indexes, default=-1) + 1
    bits = max(MIN_BITS, size or 0, needed)
    bits += (-bits) % MIN_BITS  # whole multiples of the minimum: the length says nothing about the count
    raw = bytearray(bits // 8)
    for index in set_indexes:
        raw[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(raw), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def status_list_credential(
    *, issuer: IssuerProfile, url: str, revoked_indexes: set[int], valid_from: dt.datetime
) -> dict:
    return {
        "@context": [VC2_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": _issuer(issuer),
        "validFrom": _iso(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_bitstring(revoked_indexes),
        },
    }


def _timestamp(value: str) -> int:
    return int(dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())


def sign_vc_jwt(credential: dict, *, keys: KeyRing, did: str, issued_at: dt.datetime) -> str:
    """The credential as a compact JWS (EdDSA over Ed25519, joserfc)."""
    claims = dict(credential)
    claims["iss"] = did
    claims["jti"] = credential["id"]
    claims["iat"] = int(issued_at.timestamp())
    if "validFrom" in credential:
        claims["nbf"] = _timestamp(credential["validFrom"])
    if "validUntil" in credential:
        claims["exp"] = _timestamp(credential["validUntil"])
    subject = credential.get("credentialSubject", {})
    if isinstance(subject, dict) and subject.get("id"):
        claims["sub"] = subject["id"]
    header = {"alg": ALGORITHM, "typ": "vc+jwt", "cty": "vc", "kid": f"{did}#{keys.kid}"}
    return jwt.encode(header, claims, keys.signing, algorithms=[ALGORITHM])


def did_web(site_url: str) -> str:
    """did:web for the portal's host (a port is written %3A, a path's slashes as colons)."""
    rest = site_url.split("://", 1)[-1].rstrip("/")
    host, _, path = rest.partition("/")
    did = "did:web:" + host.replace(":", "%3A")
    return did + (":" + path.replace("/", ":") if path else "")


def did_document(*, did: str, keys: KeyRing) -> dict:
    methods = [
        {
            "id": f"{did}#{key.kid}",
            "type": "JsonWebKey2020",
            "controller": did,
            "publicKeyJwk": key.as_dict(private=False),
        }
        for key in keys.published
    ]
    ids = [method["id"] for method in methods]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }
