"""The pure Open Badges builders (no database): bit order of the status list, baking round trips,
the offline context loader."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import io

import pytest
from PIL import Image

from certification.credentials import baking, contexts, images, ob2, ob3


def _bits(encoded: str) -> bytes:
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


@pytest.mark.parametrize("index", [0, 1, 7, 8, 131_071])
def test_the_status_list_sets_exactly_the_bit_at_the_index_counting_from_the_left(index):
    raw = _bits(ob3.encode_bitstring({index}))
    assert len(raw) == 131_072 // 8
    assert raw[index // 8] == 0x80 >> (index % 8)
    assert sum(bin(byte).count("1") for byte in raw) == 1


def test_the_status_list_grows_in_whole_blocks_past_the_minimum():
    encoded = ob3.encode_bitstring({131_072})
    assert encoded.startswith("u") and "=" not in encoded
    assert len(_bits(encoded)) == 2 * 131_072 // 8


def test_the_recipient_hash_is_sha256_of_identity_and_salt():
    assert ob2.identity_hash("ana@example.com", "s4lt") == (
        "sha256$" + __import__("hashlib").sha256(b"ana@example.coms4lt").hexdigest()
    )


def test_naive_dates_are_refused():
    award = ob2.Award(
        id="https://x/a",
        badge_id="https://x/b",
        recipient_identity="a@b.c",
        recipient_type="email",
        salt="s",
        issued_on=dt.datetime(2026, 1, 1),  # noqa: DTZ001 - the case under test
        expires=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
        evidence=(),
        evidence_narrative="",
        image="https://x/i.png",
    )
    with pytest.raises(ValueError, match="timezone-aware"):
        ob2.assertion(award)


def test_a_png_and_an_svg_give_back_the_assertion_baked_into_them():
    doc = {"id": "https://x/a?b=1&c=2", "text": "ñandú ]]> fin"}
    png = baking.bake_png(images.badge_png(code="legal", name="Cobranza legal"), doc)
    assert Image.open(io.BytesIO(png)).size == (images.SIZE, images.SIZE)
    assert baking.png_assertion(png) == doc
    svg = baking.bake_svg(images.badge_svg(code="legal", name="Cobranza legal"), doc)
    assert 'verify="https://x/a?b=1&amp;c=2"' in svg
    assert baking.svg_assertion(svg) == doc


def test_baking_refuses_what_is_not_a_png():
    with pytest.raises(baking.BakingError, match="not a readable PNG"):
        baking.bake_png(b"GIF89a not a png", {"id": "x"})


def test_the_context_loader_answers_from_the_local_copies_and_refuses_any_other_url():
    assert "BadgeClass" in contexts.document_loader(contexts.OB2_CONTEXT)["document"]["@context"]
    with pytest.raises(contexts.UnknownContext, match="https://example.org/ctx"):
        contexts.document_loader("https://example.org/ctx")


def test_did_web_encodes_the_port():
    assert ob3.did_web("http://127.0.0.1:8000") == "did:web:127.0.0.1%3A8000"
    assert ob3.did_web("https://acredita.example.com/") == "did:web:acredita.example.com"
