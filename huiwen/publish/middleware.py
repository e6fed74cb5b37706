"""Publish a reader page the application rendered because its file was missing."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from huiwen.publish import publisher
from huiwen.publish.pages import is_published


class PublishOnMissMiddleware:
    """A 200 GET of a published route, without a query and for the canonical host, is
    written to its file, so the next reader is served from it. Nothing else is: not a
    404 (an unknown article must create no file), a redirect, a preview, or a page
    rendered for another host name, whose absolute links would be wrong."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.canonical_host = urlsplit(settings.SITE_URL).netloc

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        if (
            request.method == "GET"
            and response.status_code == 200
            and not request.META.get("QUERY_STRING")
            and publisher.PUBLISHER_MARK not in request.META
            and is_published(match)
            and request.get_host() == self.canonical_host
            and not response.streaming
            and not response.cookies
        ):
            publisher.store(request.path, response.content)
        return response
