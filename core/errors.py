"""Error pages in the portal's design."""

from django.http import HttpResponseBadRequest, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader

from core.params import InvalidParameter


def bad_request(request, exception=None):
    """400: the message of an ``InvalidParameter`` is shown (it names the parameter); other
    ``BadRequest``/``SuspiciousOperation`` messages are not, they may carry internals."""
    message = exception.message if isinstance(exception, InvalidParameter) else ""
    parameter = exception.name if isinstance(exception, InvalidParameter) else ""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message or "Bad request", "parameter": parameter}, status=400)
    # Rendered without the request context: a request refused before the session and the user are
    # loaded (a NUL in a cookie) must not load them to draw the page.
    return HttpResponseBadRequest(loader.get_template("400.html").render({"message": message, "parameter": parameter}))


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request context: nothing here may need the database.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
