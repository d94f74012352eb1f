"""core.uploads: one set of limits for every upload (size, declared uncompressed size)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from core.uploads import UploadRejected, archive_uncompressed_size, request_uploads_check, upload_check


def archive(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)
    return out.getvalue()


def test_it_reads_the_declared_uncompressed_size_and_keeps_the_position():
    stream = io.BytesIO(archive({"a.xml": b"x" * 1000, "b.xml": b"y" * 500}))
    stream.seek(7)
    assert archive_uncompressed_size(stream) == 1500
    assert stream.tell() == 7


def test_it_ignores_what_is_not_a_zip():
    assert archive_uncompressed_size(io.BytesIO(b"fecha,agente\n")) is None
    assert archive_uncompressed_size(io.BytesIO(b"PK\x03\x04 broken")) is None


def test_it_refuses_an_archive_that_expands_beyond_the_limit(settings):
    settings.UPLOAD_MAX_UNCOMPRESSED_BYTES = 10_000
    upload_check(SimpleUploadedFile("ok.xlsx", archive({"a": b"0" * 10_000})))
    with pytest.raises(UploadRejected) as caught:
        upload_check(SimpleUploadedFile("bomb.xlsx", archive({"a": b"0" * 10_001})))
    assert caught.value.code == "archive_too_large" and caught.value.status == 413


def test_it_refuses_a_file_above_the_size_limit(settings):
    settings.UPLOAD_MAX_BYTES = 10
    upload_check(SimpleUploadedFile("ok.csv", b"0123456789"))
    with pytest.raises(UploadRejected) as caught:
        upload_check(SimpleUploadedFile("big.csv", b"0123456789!"))
    assert caught.value.code == "upload_too_large"


def test_the_upload_handler_drops_a_file_above_the_limit_without_storing_it(settings):
    settings.UPLOAD_MAX_BYTES = 1_000
    request = RequestFactory().post(
        "/", {"small": SimpleUploadedFile("s.csv", b"a" * 100), "big": SimpleUploadedFile("b.csv", b"b" * 5_000)}
    )

    assert set(request.FILES) == {"small"}
    assert request.uploads_refused == {"big": "b.csv"}
    with pytest.raises(UploadRejected):
        request_uploads_check(request)


def test_a_request_announced_larger_than_any_upload_is_refused_before_parsing(settings):
    settings.UPLOAD_MAX_BYTES = 1_000
    request = RequestFactory().post("/", {"f": SimpleUploadedFile("b.csv", b"b" * 5_000)})
    request.META["CONTENT_LENGTH"] = str(5 * 1024 * 1024)
    with pytest.raises(UploadRejected):
        request_uploads_check(request)
    assert not hasattr(request, "_files")  # the body was never parsed
