"""The issuer's Ed25519 keys: a JWK set, the first private key signs, every key is published.

Rotation: put a new private key first and keep the old ones after it (their private part may be
dropped, ``d`` removed): credentials signed with an old key still verify against the published set,
new ones carry the new ``kid``. `generate_key` makes a key in the same form.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from joserfc.jwk import OKPKey


class KeyError_(ValueError):
    """The key material is unusable; the message says what and where."""


@dataclass(frozen=True)
class KeyRing:
    signing: OKPKey
    published: tuple[OKPKey, ...]  # public parts, signing key first

    @property
    def kid(self) -> str:
        return self.signing.kid

    def public_jwks(self) -> dict:
        return {"keys": [key.as_dict(private=False) | {"use": "sig", "alg": "EdDSA"} for key in self.published]}


def generate_key(kid: str) -> dict:
    """A new Ed25519 private JWK with `kid`."""
    return OKPKey.generate_key("Ed25519", parameters={"kid": kid}).as_dict(private=True)


def key_ring(text: str, *, where: str) -> KeyRing:
    """Parse a JWK set (``{"keys": [...]}``) or a single JWK; `where` names the source in errors."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise KeyError_(f"{where}: not JSON ({exc.msg}, line {exc.lineno})") from None
    items = data.get("keys") if isinstance(data, dict) and "keys" in data else [data]
    if not isinstance(items, list) or not items:
        raise KeyError_(f"{where}: expected a JWK set {{'keys': [...]}} with at least one key")
    keys: list[OKPKey] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or item.get("kty") != "OKP" or item.get("crv") != "Ed25519":
            raise KeyError_(f"{where}: key {number} is not an Ed25519 JWK (kty OKP, crv Ed25519)")
        if not item.get("kid"):
            raise KeyError_(f"{where}: key {number} has no 'kid'")
        try:
            keys.append(OKPKey.import_key(item))
        except Exception as exc:  # joserfc raises several types for bad key material
            raise KeyError_(f"{where}: key {number} ({item['kid']}) is unreadable: {exc}") from None
    kids = [key.kid for key in keys]
    if len(set(kids)) != len(kids):
        raise KeyError_(f"{where}: two keys share a 'kid'")
    if not keys[0].is_private:
        raise KeyError_(f"{where}: the first key ({kids[0]}) signs and must include its private part 'd'")
    public = tuple(OKPKey.import_key(key.as_dict(private=False)) for key in keys)
    return KeyRing(signing=keys[0], published=public)
