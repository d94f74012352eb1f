"""Bounded uploads: one set of limits for every file the portal accepts.

Three limits, read from the environment in ``config/settings/base.py`` (README "Upload limits"):

- ``UPLOAD_MAX_BYTES``: the size of one uploaded file (default 25 MB);
- ``UPLOAD_MAX_UNCOMPRESSED_BYTES``: what a ZIP container (an XLSX) declares it expands to, summed
  over its members, checked with :mod:`zipfile` before any parser opens it (default 200 MB; a
  member cannot give its reader more than it declares);
- ``UPLOAD_MAX_ROWS``: data rows in a tabular file (default 1,000,000), enforced while streaming.

:class:`BoundedUploadHandler` is the first of ``FILE_UPLOAD_HANDLERS``: a file above the limit is
read and dropped, never written to memory or disk, and named in ``request.uploads_refused``;
:func:`request_uploads_check` turns that into an :class:`UploadRejected` (HTTP 413) with a message
in the user's language. :func:`upload_check` checks a file object (size, then the archive).

What every uploaded batch (``core.models.UploadedBatch``: a KPI feed, a contact log) shares:
:func:`batch_file_store` hashes and stores the file on a new batch, :func:`batch_file_drop` deletes
its bytes (the record, hash and error report stay), and :func:`upload_form_response` is the upload
page both apps' views answer with (the limits above, then register and redirect).
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

ZIP_MAGIC = b"PK\x03\x04"
MULTIPART_SLACK = 1024 * 1024  # form fields and multipart boundaries around the file


class UploadRejected(ValidationError):
    """A file refused before it is parsed; ``status`` is the HTTP status an API answers with."""

    def __init__(self, message, *, code: str, params: dict[str, Any] | None = None, status: int = 413) -> None:
        super().__init__(message, code=code, params=params or {})
        self.status = status

    @property
    def text(self) -> str:
        return " ".join(str(m) for m in self.messages)


def max_upload_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES


def max_uncompressed_bytes() -> int:
    return settings.UPLOAD_MAX_UNCOMPRESSED_BYTES


def max_rows() -> int:
    return settings.UPLOAD_MAX_ROWS


def too_large(size: int | None = None) -> UploadRejected:
    limit = max_upload_bytes()
    if size is None:
        message = _("The file is larger than the limit of %(limit)s.")
    else:
        message = _("The file is %(size)s; the limit is %(limit)s.")
    return UploadRejected(
        message,
        code="upload_too_large",
        params={"size": filesizeformat(size or 0), "limit": filesizeformat(limit)},
    )


def too_many_rows_message() -> str:
    return str(_("The file has more than %(limit)s data rows.") % {"limit": f"{max_rows():,}"})


def _size_of(uploaded) -> int | None:
    size = getattr(uploaded, "size", None)
    if size is not None:
        return size
    try:
        position = uploaded.tell()
        uploaded.seek(0, 2)
        end = uploaded.tell()
        uploaded.seek(position)
    except (AttributeError, OSError, ValueError):
        return None
    return end


def archive_uncompressed_size(stream) -> int | None:
    """What a ZIP archive declares it expands to (the members' sizes summed), or None when the
    stream is not a readable ZIP (its parser will say why). The stream's position is kept."""
    try:
        position = stream.tell()
    except (AttributeError, OSError, ValueError):
        position = None
    try:
        if position is not None:
            stream.seek(0)
        head = stream.read(4)
        if head != ZIP_MAGIC:
            return None
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        if position is not None:
            stream.seek(position)


def archive_check(stream) -> None:
    """Refuse a ZIP (XLSX) that would expand beyond ``UPLOAD_MAX_UNCOMPRESSED_BYTES``."""
    size = archive_uncompressed_size(stream)
    limit = max_uncompressed_bytes()
    if size is not None and size > limit:
        raise UploadRejected(
            _("Uncompressed, the file would take %(size)s; the limit is %(limit)s."),
            code="archive_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )


def upload_check(uploaded) -> None:
    """Refuse a file above ``UPLOAD_MAX_BYTES`` or an archive that expands beyond its limit."""
    size = _size_of(uploaded)
    if size is not None and size > max_upload_bytes():
        raise too_large(size)
    archive_check(uploaded)


def request_uploads_check(request) -> None:
    """Raise :class:`UploadRejected` if the upload handler refused a file of this request, or if
    the body is announced larger than any accepted upload (checked before the body is parsed)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > max_upload_bytes() + MULTIPART_SLACK:
        raise too_large(length)
    request.FILES  # noqa: B018 - parse now, so the handler can refuse
    if getattr(request, "uploads_refused", None):
        raise too_large()


class BoundedUploadHandler(FileUploadHandler):
    """Drop a file above ``UPLOAD_MAX_BYTES`` while it streams in (nothing stored) and note it on
    the request; the views answer with :func:`request_uploads_check`'s message."""

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > max_upload_bytes():
            refused = getattr(self.request, "uploads_refused", None) or {}
            refused[self.field_name] = self.file_name
            self.request.uploads_refused = refused
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def bound_upload_form(form_class, request, *, field: str = "file", **kwargs):
    """``form_class`` bound to the request (unbound on GET). When the request's upload is refused
    (:func:`request_uploads_check`), the form is bound without files, the refusal is ``field``'s
    error and ``form.upload_refused`` holds it (views answer 413)."""
    if request.method != "POST":
        form = form_class(None, None, **kwargs)
        form.upload_refused = None
        return form
    try:
        request_uploads_check(request)
    except UploadRejected as exc:
        form = form_class(request.POST, None, **kwargs)
        form.is_valid()
        form.errors.pop(field, None)
        form.add_error(field, exc)
        form.upload_refused = exc
        return form
    form = form_class(request.POST, request.FILES, **kwargs)
    form.upload_refused = None
    return form


# --------------------------------------------------------------------------- uploaded batches
def file_sha256(uploaded) -> tuple[str, int]:
    """The SHA-256 (hex) and size of a file object, read in chunks; its position is left at 0."""
    digest, size = hashlib.sha256(), 0
    uploaded.seek(0)
    for chunk in iter(lambda: uploaded.read(1 << 20), b""):
        digest.update(chunk)
        size += len(chunk)
    uploaded.seek(0)
    return digest.hexdigest(), size


def batch_file_store(batch, *, uploaded, filename: str, default_name: str, user=None) -> None:
    """Hash ``uploaded`` onto a new (unsaved) batch and store its bytes under a safe name; the
    name as sent is kept in ``original_name`` (without U+0000, which PostgreSQL text refuses)."""
    if not isinstance(uploaded, File):
        uploaded = File(uploaded, name=filename)
    filename = filename.replace("\x00", "")
    batch.sha256, batch.size = file_sha256(uploaded)
    batch.original_name = filename[:255]
    if user is not None and user.is_authenticated:
        batch.created_by = user
    batch.file.save(get_valid_filename(filename.rsplit("/", 1)[-1]) or default_name, uploaded, save=False)


def batch_file_drop(batch, *, now=None) -> bool:
    """Delete a batch's stored bytes (after the surrounding transaction commits) and note when;
    name, size, SHA-256, counts and the error report stay. False when there was no file."""
    if not batch.file:
        return False
    name, storage = batch.file.name, batch.file.storage
    batch.file = ""
    batch.file_deleted_at = now or timezone.now()
    batch.save(update_fields=["file", "file_deleted_at"])
    transaction.on_commit(lambda: storage.delete(name))
    return True


def upload_form_response(request, *, form_class, template: str, register: Callable[[dict, Any], Any], detail: str):
    """The upload page: the form (GET); a refused file (limits above) answered with its status; a
    valid form handed to ``register(cleaned_data, upload)``, which returns the new batch (already
    enqueued), then a redirect to ``detail`` (a URL name taking ``pk``)."""
    form = bound_upload_form(form_class, request)
    if form.upload_refused is not None:
        return render(request, template, {"form": form}, status=form.upload_refused.status)
    if request.method == "POST" and form.is_valid():
        batch = register(form.cleaned_data, form.cleaned_data["file"])
        return redirect(detail, pk=batch.pk)
    return render(request, template, {"form": form})
