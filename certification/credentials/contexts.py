"""The JSON-LD contexts, from the project's own copies (pinned; see contexts/README.md).

`document_loader` is a pyld document loader that answers only from these files and refuses any other
URL, so expansion and compaction never reach the network (in the portal or in tests).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

OB2_CONTEXT = "https://w3id.org/openbadges/v2"
VC2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

_DIR = Path(__file__).resolve().parent / "contexts"

# URL -> (file, the name it is served under at /insignias/contextos/<name>)
FILES: dict[str, str] = {
    OB2_CONTEXT: "ob-v2.json",
    VC2_CONTEXT: "credentials-v2.json",
    OB3_CONTEXT: "ob-v3p0-context-3.0.3.json",
}


class UnknownContext(LookupError):
    """A document named a context that has no local copy."""


@cache
def _load(name: str) -> dict:
    return json.loads((_DIR / name).read_text(encoding="utf-8"))


def context_document(url: str) -> dict:
    try:
        return _load(FILES[url])
    except KeyError:
        raise UnknownContext(f"no local copy of the JSON-LD context {url!r}") from None


def context_by_file(name: str) -> dict | None:
    return _load(name) if name in FILES.values() else None


def document_loader(url: str, options: dict | None = None) -> dict:
    """pyld's loader interface: the local copy, or an error naming the URL (never a download)."""
    return {"contextUrl": None, "documentUrl": url, "document": context_document(url)}
