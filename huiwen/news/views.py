"""Reader pages: home, category, tag, article; plus the view-count beacon."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from huiwen.news import counting, listings, related
from huiwen.news.models import Article, Category, Tag
from huiwen.portal.clients import client_address

PAGE_SIZE = 15
# 1×1 transparent GIF for the <noscript> image beacon.
_PIXEL = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")


def _listing(queryset):
    return queryset.select_related("category").only(
        "id", "title", "summary", "published_at", "view_count", "author",
        "lead_image_url", "category__slug", "category__name",
    )


def page_url(listing_url: str, number: int) -> str:
    """Page ``number`` of the listing whose first page is ``listing_url``."""
    return listing_url if number <= 1 else f"{listing_url}page/{number}/"


def _old_page_number(request: HttpRequest) -> int:
    """The page an old ``?page=N`` link meant (1 when it is not a number)."""
    value = request.GET.get("page", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else 1


def _listing_response(request: HttpRequest, queryset, listing_url: str, number: int, template: str, context: dict) -> HttpResponse:
    """One page of a listing. Pages are addressed by path; any query (an old ``?page=N``
    link, tracking junk) moves for good to the page's path, so each page has one URL."""
    if request.GET or number <= 1 and request.path != listing_url:
        return HttpResponsePermanentRedirect(page_url(listing_url, number if number > 1 else _old_page_number(request)))
    paginator = Paginator(queryset, PAGE_SIZE, allow_empty_first_page=True)
    match = request.resolver_match
    if match is not None:
        # Counting every row of a listing grows with the archive; the count is kept per
        # listing (one per route and arguments, whatever the language) until an article
        # changes (huiwen.news.listings). Paginator.count is a cached_property.
        key = (match.view_name, *sorted((name, value) for name, value in match.kwargs.items() if name != "number"))
        paginator.count = listings.page_count(key, queryset)
    try:
        page = paginator.page(number)
    except EmptyPage:
        raise Http404("no such page of this listing") from None
    if number > 1:
        # An OFFSET over whole rows reads every row it skips (a page deep in 100k articles
        # took ~0.2 s); the page's ids come from the listing's index alone, then its rows.
        start = (number - 1) * PAGE_SIZE
        ids = list(queryset.values_list("pk", flat=True)[start:start + PAGE_SIZE])
        rows = _listing(Article.objects.filter(pk__in=ids)).order_by().in_bulk()
        page.object_list = [rows[pk] for pk in ids if pk in rows]
    page.object_list = [ListedArticle.of(article) for article in page.object_list]
    return render(request, template, {**context, "page": page, "listing_url": listing_url})


@dataclass(frozen=True)
class ListedArticle:
    """What a listing shows of one article, formatted once in Python: the template
    engine's date filters, reverse() calls and plural block cost ~145 µs an item, most of
    a listing's render."""

    url: str
    title: str
    summary: str
    category_url: str
    category_name: str
    published_iso: str
    published_text: str
    views_text: str

    @classmethod
    def of(cls, article: Article) -> ListedArticle:
        published = timezone.localtime(article.published_at)
        views = article.view_count
        return cls(
            url=article.get_absolute_url(),
            title=article.title,
            summary=_shortened(article.summary, 110),
            category_url=article.category.get_absolute_url() if article.category else "",
            category_name=article.category.name if article.category else "",
            published_iso=published.isoformat(),
            published_text=published.strftime("%Y-%m-%d %H:%M"),
            views_text=ngettext("%(counter)s 阅读", "%(counter)s 阅读", views) % {"counter": views},
        )


def _shortened(text: str, length: int) -> str:
    """``text`` cut to ``length`` characters, the last an ellipsis when cut (what
    Truncator.chars does for plain text, at a tenth of its cost per listed item)."""
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def home(request: HttpRequest, number: int = 1) -> HttpResponse:
    return _listing_response(request, _listing(Article.objects.published()), reverse("news:home"), number, "news/home.html", {})


def category(request: HttpRequest, slug: str, number: int = 1) -> HttpResponse:
    current = get_object_or_404(Category, slug=slug)
    articles = _listing(Article.objects.published().filter(category=current))
    context = {"heading": current.name, "category": current}
    return _listing_response(request, articles, current.get_absolute_url(), number, "news/listing.html", context)


def tag(request: HttpRequest, pk: int, number: int = 1) -> HttpResponse:
    current = get_object_or_404(Tag, pk=pk)
    articles = _listing(Article.objects.published().filter(tags=current))
    context = {"heading": f"#{current.name}", "tag": current}
    return _listing_response(request, articles, current.get_absolute_url(), number, "news/listing.html", context)


def tag_by_name(request: HttpRequest, name: str) -> HttpResponse:
    """Old /tag/<name>/ links (bookmarks, search engines) move for good to the tag's id
    URL, onto the page an old ``?page=N`` named."""
    listing_url = get_object_or_404(Tag, name=name).get_absolute_url()
    return HttpResponsePermanentRedirect(page_url(listing_url, _old_page_number(request)))


def _article_response(request: HttpRequest, article: Article, *, preview: bool) -> HttpResponse:
    # Tags, rights, related and previous/next are kept per article (news.related).
    extras = related.extras(article)
    return render(
        request,
        "news/article.html",
        {"article": article, "extras": extras, "tags": extras.tags, "rights": extras.rights, "preview": preview},
    )


def article(request: HttpRequest, pk: int) -> HttpResponse:
    # One query for the article and its category; everything around it comes from memory.
    found = get_object_or_404(Article.objects.select_related("category").defer("body_text"), pk=pk)
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
    """Beacon that counts a view. Pages call it from a script (POST), which gets the
    article's count back as ``{"views": N}`` to show on a page published long ago, or,
    with scripts off, from a <noscript> image (GET). It is never cached. What is not
    counted (bots, other sites' pages, an address over its limit) gets the same answer,
    so there is nothing to learn by probing."""
    views = Article.objects.published().filter(pk=pk).values_list("view_count", flat=True).first()
    if views is None:
        raise Http404("no such published article")
    counts = not (counting.is_bot(request.META.get("HTTP_USER_AGENT")) or counting.is_cross_site(request))
    visitor = request.COOKIES.get(counting.VISITOR_COOKIE)
    if counts and not counting.is_valid_visitor_id(visitor):
        visitor = counting.new_visitor_id()
    if counts and counting.record_view(pk, visitor, client_address(request)):
        views += 1
    if request.method == "GET":
        response = HttpResponse(_PIXEL, content_type="image/gif")
    else:
        response = JsonResponse({"views": views})
    if counts:
        # Readable by hit.js, which creates the id itself when it can (see there); it
        # identifies nothing but a browser's visits to count views.
        response.set_cookie(counting.VISITOR_COOKIE, visitor, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure())
    return response
