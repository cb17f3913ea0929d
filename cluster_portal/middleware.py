"""Answers for the whole site, admin included, that no single view should have to give."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, QueryDict
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait before trying again while the database is away.
RETRY_AFTER_SECONDS = 30


class NulBytesMiddleware:
    """No NUL byte reaches a view: none has a page at its address (404), and in a query string
    one reads as U+FFFD, as Django already reads bytes that are not UTF-8.

    PostgreSQL cannot hold NUL in text, so a `%00` in a slug, a token, a list or admin filter or
    an autocomplete term reached the database and failed there (a 500). Now a filter says what
    it could not understand, as for any other value it has no row for. Form fields already
    refuse NUL in posted values.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404("NUL byte in the address")
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            query = query.replace("%00", "%EF%BF%BD").replace("\x00", "%EF%BF%BD")
            request.META["QUERY_STRING"] = query
            request.GET = QueryDict(query, encoding=request.encoding)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """While the database cannot be reached, answer 503 with Retry-After, not a 500.

    The page is rendered without the request context: its processors (the signed-in user, the
    session) would ask the database again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable for %s", request.path, exc_info=exception)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
