from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from huiwen.news import sitemaps
from huiwen.news import views as news_views
from huiwen.portal import promos
from huiwen.portal import views as portal_views

# Reader pages are chosen by URL, never by cookie or Accept-Language: Simplified Chinese
# unprefixed, English under /en/. A page is then the same bytes for everyone, which is
# what lets it be published as a file (see huiwen.publish).
urlpatterns = [
    path("admin/", admin.site.urls),
    # Live routes: answered by the application on every request, in no language.
    path("hit/<int:pk>/", news_views.record_hit, name="hit"),
    path("hit/promos/", promos.impressions, name="promo_impressions"),
    path("preview/<int:pk>/", news_views.preview, name="preview"),
    path("healthz", portal_views.health, name="health"),
    # A promo card's link: counts the click, then 302 to the card's URL (never published).
    path("go/<slug:slug>/", promos.go, name="promo_go"),
    # Published as files (huiwen.publish.pages), in no language: one robots.txt and one
    # sitemap index per site, listing the default language's pages.
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-pages.xml", sitemaps.sitemap_sections, name="sitemap_sections"),
    path("sitemap-news.xml", sitemaps.sitemap_news, name="sitemap_news"),
    path("sitemap-articles-<int:part>.xml", sitemaps.sitemap_articles, name="sitemap_articles"),
    # Uploaded logos are few and small; a front proxy may serve /media/ itself instead.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *i18n_patterns(
        path("", include("huiwen.portal.urls")),
        # Live, never published: a form with CSRF and each claimant's status page.
        path("takedown/", include("huiwen.takedown.urls")),
        path("", include("huiwen.news.urls")),
        # Dynamic (a query string): never a published file (huiwen.publish.pages).
        path("", include("huiwen.search.urls")),
        prefix_default_language=False,
    ),
]

handler404 = "huiwen.portal.views.page_not_found"
handler500 = "huiwen.portal.views.server_error"
