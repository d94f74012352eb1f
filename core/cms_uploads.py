"""CMS documents and images under the portal's upload limit (``UPLOAD_MAX_BYTES``, core.uploads).

``core.uploads.BoundedUploadHandler`` drops a file above the limit while it streams in, so Wagtail's
forms would see no file and say "This field is required". The base forms below (set as
``WAGTAILDOCS_DOCUMENT_FORM_BASE`` and ``WAGTAILIMAGES_IMAGE_FORM_BASE``) say what happened instead:
the file is larger than the limit, in the editor's language; nothing is stored. Wagtail's
multiple-upload views never build a form when no file arrived: ``InputGuardMiddleware`` answers those
with the same message in the JSON their page reads (``refused_upload_response``).
"""

from __future__ import annotations

from django.http import JsonResponse
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from core.request_context import current_request
from core.uploads import UploadRejected, request_uploads_check, too_large

#: Wagtail's multiple-upload views (namespace:url_name), which read ``request.FILES`` directly.
MULTIPLE_UPLOAD_VIEWS = ("wagtaildocs:add_multiple", "wagtailimages:add_multiple")


class RefusedUploadMixin:
    """The file field's error is the size limit when the upload handler dropped this field's file."""

    upload_field = "file"

    def _post_clean(self):
        super()._post_clean()  # the model's validators (the file's extension) run here, after clean()
        refused = getattr(current_request(), "uploads_refused", None) or {}
        if self.upload_field in refused:
            # "required" / "extension not allowed": about the missing file, dropped for its size
            self._errors.pop(self.upload_field, None)
            self.add_error(self.upload_field, too_large())


class DocumentForm(RefusedUploadMixin, BaseDocumentForm):
    pass


class ImageForm(RefusedUploadMixin, BaseImageForm):
    pass


def refused_upload_response(request, match):
    """For Wagtail's multiple-upload views: the JSON error their page shows when a file was refused."""
    if request.method != "POST" or match is None or match.view_name not in MULTIPLE_UPLOAD_VIEWS:
        return None
    try:
        request_uploads_check(request)
    except UploadRejected as exc:
        return JsonResponse({"success": False, "error_message": exc.text})
    return None
