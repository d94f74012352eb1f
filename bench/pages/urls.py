"""The portal's URLs plus /bench/bare/ (a view that touches neither the database nor templates), and the
middleware that puts the number of SQL queries a request made in its `X-Bench-Queries` header."""

from django.db import connections
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as portal_urlpatterns


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counted(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counted):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count[0])
        return response


urlpatterns = [path("bench/bare/", bare), *portal_urlpatterns]
