"""Portable credentials for certificates: Open Badges 2.0 (hosted) and 3.0 (VC-JWT). Pure Python.

No Django here (import contract 2): the builders take frozen dataclasses and plain values and
return JSON-ready dicts; the Django side (`certification.badges`) fetches rows and URLs and calls them.

- `contexts`: the JSON-LD contexts the credentials name, served and resolved from the local copies
  (`contexts/*.json`, pinned; nothing is fetched from the network).
- `ob2`: Issuer profile, BadgeClass, Assertion (hashed, salted e-mail), RevocationList.
- `baking`: a PNG with the assertion in an ``iTXt`` chunk (keyword ``openbadges``), an SVG with
  ``openbadges:assertion``; and the readers that take them out again.
- `ob3`: OpenBadgeCredential and its Bitstring Status List credential, signed as VC-JWT (EdDSA/Ed25519,
  joserfc), the JWK set and the did:web document that publish the keys.
"""
