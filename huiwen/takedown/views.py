"""The public takedown form and the claimant's private status page.

Neither is ever published as a file (they are not in ``publish.pages.PUBLISHED_ROUTES``):
the form carries a CSRF token, the only reader page that does, and the status page is
one claimant's.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from huiwen.portal.clients import client_address
from huiwen.takedown import throttle, workflow
from huiwen.takedown.forms import TakedownForm
from huiwen.takedown.models import TakedownRequest, token_digest


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex"
    # The status link is a secret: no Referer to other sites. (Not "no-referrer": a
    # browser then sends "Origin: null" with the form, which CSRF rightly refuses.)
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def request_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _private(render(request, "takedown/form.html", {"form": TakedownForm()}))
    if not throttle.allow(client_address(request)):
        return _private(render(request, "takedown/form.html", {"form": TakedownForm(request.POST), "limited": True}, status=429))
    form = TakedownForm(request.POST)
    if not form.is_valid():
        return _private(render(request, "takedown/form.html", {"form": form}, status=400))
    data = form.cleaned_data
    filed, token = workflow.file_request(
        claimant=data["claimant"], email=data["email"], items=data["urls"], work=data["work"],
        statement=data["statement"], language=translation.get_language() or "zh-hans",
    )
    return _private(render(request, "takedown/received.html", {
        "takedown": filed, "status_url": request.build_absolute_uri(filed.status_path(token)),
    }))


@never_cache
@require_http_methods(["GET", "HEAD"])
def status(request: HttpRequest, token: str) -> HttpResponse:
    if len(token) > 100:
        raise Http404("no such request")
    try:
        found = TakedownRequest.objects.get(token_hash=token_digest(token))
    except TakedownRequest.DoesNotExist:
        raise Http404("no such request") from None
    return _private(render(request, "takedown/status.html", {"takedown": found, "items": found.items.all()}))
