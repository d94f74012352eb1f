"""The portal's URLs plus a bare view (the floor every page is measured against)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as portal


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), *portal]
