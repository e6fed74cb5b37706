"""Which language a request is answered in: by URL for reader pages, by browser elsewhere.

Reader pages (everything under ``i18n_patterns``) take their language from the path
alone — Simplified Chinese unprefixed, English under ``/en/`` — and do not vary, so one
published file serves every reader. Staff pages (the admin) and error pages outside those
routes follow the browser's Accept-Language as before.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation


@lru_cache(maxsize=1)
def _reader_routes() -> URLResolver | None:
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern):
            return pattern
    return None


def reader_language(path: str) -> str | None:
    """The language of the reader page at ``path``; None when ``path`` is no reader page.

    The prefix decides (``/en/…`` English, none the default); the routes are then tried in
    that language, since ``i18n_patterns`` match only the active language's prefix."""
    routes = _reader_routes()
    if routes is None:
        return None
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            routes.resolve(path.removeprefix("/"))  # the root resolver would take the "/"
        except Resolver404:
            return None
    return language


class UrlLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        language = reader_language(request.path_info)
        request.is_reader_page = language is not None
        translation.activate(language or translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if getattr(request, "is_reader_page", False):
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
