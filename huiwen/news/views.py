"""Reader pages: home, category, tag, article; plus the view-count beacon."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from huiwen.news import counting
from huiwen.news.models import Article, Category, Tag
from huiwen.portal.clients import client_address

PAGE_SIZE = 15
HOT_COUNT = 8
# 1×1 transparent GIF for the <noscript> image beacon.
_PIXEL = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")


def _listing(queryset):
    return queryset.select_related("category").only(
        "id", "title", "summary", "published_at", "view_count", "author",
        "lead_image_url", "category__slug", "category__name",
    )


def _page(request: HttpRequest, queryset):
    # get_page turns a missing, malformed or out-of-range ?page= into a valid page.
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _hot():
    return _listing(Article.objects.published()).order_by("-view_count", "-published_at")[:HOT_COUNT]


def home(request: HttpRequest) -> HttpResponse:
    page = _page(request, _listing(Article.objects.published()))
    return render(request, "news/home.html", {"page": page, "hot": _hot()})


def category(request: HttpRequest, slug: str) -> HttpResponse:
    current = get_object_or_404(Category, slug=slug)
    page = _page(request, _listing(Article.objects.published().filter(category=current)))
    return render(request, "news/listing.html", {"heading": current.name, "category": current, "page": page, "hot": _hot()})


def tag(request: HttpRequest, pk: int) -> HttpResponse:
    current = get_object_or_404(Tag, pk=pk)
    page = _page(request, _listing(Article.objects.published().filter(tags=current)))
    return render(request, "news/listing.html", {"heading": f"#{current.name}", "tag": current, "page": page, "hot": _hot()})


def tag_by_name(request: HttpRequest, name: str) -> HttpResponse:
    """Old /tag/<name>/ links (bookmarks, search engines) move for good to the tag's id
    URL, keeping the query so ?page= lands on the same page."""
    target = get_object_or_404(Tag, name=name).get_absolute_url()
    if query := request.GET.urlencode():
        target += f"?{query}"
    return HttpResponsePermanentRedirect(target)


def _article_response(request: HttpRequest, article: Article, *, preview: bool) -> HttpResponse:
    return render(
        request,
        "news/article.html",
        {"article": article, "tags": article.tags.all(), "hot": _hot(), "preview": preview},
    )


def article(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        Article.objects.select_related("category").prefetch_related(Prefetch("tags")), pk=pk
    )
    if found.status == Article.Status.REMOVED:
        return render(request, "410.html", {"article": found}, status=410)
    if not found.is_public:
        raise Http404("article is not published")
    return _article_response(request, found, preview=False)


@staff_member_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff see any article, draft or not, exactly as readers would."""
    found = get_object_or_404(Article.objects.select_related("category"), pk=pk)
    response = _article_response(request, found, preview=True)
    response["X-Robots-Tag"] = "noindex"
    return response


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def record_hit(request: HttpRequest, pk: int) -> HttpResponse:
    """Beacon that counts a view. Pages call it from a script (POST) or, with scripts
    off, from a <noscript> image (GET). It is never cached, so cached pages still count.
    What is not counted (bots, other sites' pages, an address over its limit) gets the
    same answer, so there is nothing to learn by probing."""
    response = HttpResponse(_PIXEL, content_type="image/gif") if request.method == "GET" else HttpResponse(status=204)
    if counting.is_bot(request.META.get("HTTP_USER_AGENT")) or counting.is_cross_site(request):
        return response
    if not Article.objects.published().filter(pk=pk).exists():
        raise Http404("no such published article")
    visitor = request.COOKIES.get(counting.VISITOR_COOKIE)
    if not counting.is_valid_visitor_id(visitor):
        visitor = counting.new_visitor_id()
    counting.record_view(pk, visitor, client_address(request))
    # Readable by hit.js, which creates the id itself when it can (see there); it
    # identifies nothing but a browser's visits to count views.
    response.set_cookie(counting.VISITOR_COOKIE, visitor, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure())
    return response
