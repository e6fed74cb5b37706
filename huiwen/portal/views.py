from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def takedown(request: HttpRequest) -> HttpResponse:
    """How a rights holder asks for removal (the contact line from site settings)."""
    return render(request, "portal/takedown.html")


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors here: the database may be what failed.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
