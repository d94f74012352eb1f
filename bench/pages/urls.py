"""The portal's URLs plus /bench/bare/: a view that touches neither the database nor templates."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as portal_urlpatterns


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *portal_urlpatterns]
