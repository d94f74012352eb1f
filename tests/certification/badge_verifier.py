"""An independent Open Badges verifier for the tests: it shares no code with `certification.badges`.

It reads what a third party reads (the published URLs, through the test client), resolves JSON-LD with
pyld against the context files on disk (its own loader), checks OB 2.0 hosted badges (types, recipient
hash, revocation list, expiry) and OB 3.0 VC-JWTs with PyJWT (the portal signs with joserfc) against
the key published in the did:web document and the JWK set, and reads the Bitstring Status List bit.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jwt
from pyld import jsonld

CONTEXT_DIR = Path(__file__).resolve().parents[2] / "certification" / "credentials" / "contexts"
CONTEXT_FILES = {
    "https://w3id.org/openbadges/v2": "ob-v2.json",
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
}
OBI = "https://w3id.org/openbadges#"
OB3 = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"


def offline_loader(url, options=None):
    if url not in CONTEXT_FILES:
        raise AssertionError(f"the document names a context with no local copy: {url}")
    document = json.loads((CONTEXT_DIR / CONTEXT_FILES[url]).read_text(encoding="utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def expand(doc: dict) -> dict:
    [node] = jsonld.expand(doc, {"documentLoader": offline_loader})
    return node


@dataclass
class Result:
    ok: bool
    problems: list[str] = field(default_factory=list)
    document: dict | None = None


def _path(url: str) -> str:
    return urlsplit(url).path


def _get_json(client, url: str, accept: str = "application/ld+json"):
    response = client.get(_path(url), HTTP_ACCEPT=accept)
    return response.status_code, (json.loads(response.content) if response.content else None)


def verify_ob2(client, assertion_url: str, *, email: str, now: dt.datetime) -> Result:
    problems: list[str] = []
    status, doc = _get_json(client, assertion_url)
    if status == 410 or (doc or {}).get("revoked") is True:
        return Result(False, ["revoked"], doc)
    if status != 200:
        return Result(False, [f"assertion answered {status}"], doc)
    node = expand(doc)
    if OBI + "Assertion" not in node.get("@type", []):
        problems.append("not an Assertion")
    if node.get("@id") != assertion_url:
        problems.append("the assertion's id is not the URL it was fetched from")
    verification = node[OBI + "verify"][0]
    if OBI + "HostedBadge" not in verification.get("@type", []):
        problems.append("not hosted verification")
    recipient = doc["recipient"]
    if recipient.get("hashed") is not True:
        problems.append("recipient not hashed")
    digest = "sha256$" + hashlib.sha256((email.lower() + recipient["salt"]).encode()).hexdigest()
    if recipient["identity"] != digest:
        problems.append("recipient does not match")
    expires = dt.datetime.fromisoformat(
        node["https://w3id.org/security#expiration"][0]["@value"].replace("Z", "+00:00")
    )
    if expires <= now:
        problems.append("expired")
    badge_url = node[OBI + "badge"][0]["@id"]
    status, badge = _get_json(client, badge_url)
    if status != 200 or OBI + "BadgeClass" not in expand(badge).get("@type", []):
        problems.append("badge class unavailable")
    status, issuer = _get_json(client, badge["issuer"])
    if status != 200 or OBI + "Issuer" not in expand(issuer).get("@type", []):
        problems.append("issuer unavailable")
    if urlsplit(issuer["id"]).netloc != urlsplit(assertion_url).netloc:
        problems.append("assertion not hosted on the issuer's origin")
    status, revocations = _get_json(client, issuer["revocationList"])
    if status != 200 or any(item["id"] == assertion_url for item in revocations["revokedAssertions"]):
        problems.append("revoked")
    return Result(not problems, problems, doc)


def _public_key(client, kid: str):
    did, _, fragment = kid.partition("#")
    status, did_doc = _get_json(client, "/.well-known/did.json", accept="application/did+json")
    assert status == 200 and did_doc["id"] == did, "the key's DID is not the portal's did:web"
    [method] = [m for m in did_doc["verificationMethod"] if m["id"] == kid]
    status, jwks = _get_json(client, "/insignias/claves.json", accept="application/json")
    [published] = [k for k in jwks["keys"] if k["kid"] == fragment]
    assert published["x"] == method["publicKeyJwk"]["x"], "the JWK set and the DID document disagree"
    return jwt.PyJWK(published, algorithm="EdDSA").key


def verify_ob3(client, token: str, *, email: str, now: dt.datetime) -> Result:
    problems: list[str] = []
    header = jwt.get_unverified_header(token)
    if header.get("alg") != "EdDSA" or header.get("typ") != "vc+jwt":
        problems.append("unexpected JOSE header")
    key = _public_key(client, header["kid"])
    try:
        credential = jwt.decode(token, key, algorithms=["EdDSA"], options={"verify_aud": False})
    except jwt.ExpiredSignatureError:
        credential = jwt.decode(token, key, algorithms=["EdDSA"], options={"verify_exp": False})
        problems.append("expired")
    node = expand({k: v for k, v in credential.items() if k not in {"iss", "jti", "iat", "nbf", "exp", "sub"}})
    if OB3 + "OpenBadgeCredential" not in node.get("@type", []):
        problems.append("not an OpenBadgeCredential")
    valid_until = dt.datetime.fromisoformat(credential["validUntil"].replace("Z", "+00:00"))
    if valid_until <= now and "expired" not in problems:
        problems.append("expired")
    if dt.datetime.fromisoformat(credential["validFrom"].replace("Z", "+00:00")) > now:
        problems.append("not yet valid")
    [identifier] = credential["credentialSubject"]["identifier"]
    digest = "sha256$" + hashlib.sha256((email.lower() + identifier["salt"]).encode()).hexdigest()
    if identifier["identityHash"] != digest:
        problems.append("recipient does not match")
    if status_bit(client, credential["credentialStatus"]):
        problems.append("revoked")
    return Result(not problems, problems, credential)


def status_bit(client, entry: dict) -> int:
    assert entry["type"] == "BitstringStatusListEntry" and entry["statusPurpose"] == "revocation"
    response = client.get(_path(entry["statusListCredential"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vc+jwt")
    token = response.content.decode()
    key = _public_key(client, jwt.get_unverified_header(token)["kid"])
    status_list = jwt.decode(token, key, algorithms=["EdDSA"])
    subject = status_list["credentialSubject"]
    assert "BitstringStatusListCredential" in status_list["type"] and subject["statusPurpose"] == "revocation"
    encoded = subject["encodedList"]
    assert encoded.startswith("u"), "encodedList is multibase base64url"
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(raw) * 8 >= 131_072
    index = int(entry["statusListIndex"])
    return (raw[index // 8] >> (7 - index % 8)) & 1
