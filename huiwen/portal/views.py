from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors here: the database may be what failed.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 when the database answers and publishing
    works, else 503 with what is wrong (readers are still served by the application)."""
    from huiwen.publish.publisher import last_error

    problems = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        problems["database"] = str(error)
    if publishing := last_error():
        problems["publishing"] = publishing
    return JsonResponse({"ok": not problems, "problems": problems}, status=503 if problems else 200)
