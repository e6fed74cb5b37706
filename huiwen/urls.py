from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from huiwen.news import views as news_views
from huiwen.portal import views as portal_views

# Reader pages are chosen by URL, never by cookie or Accept-Language: Simplified Chinese
# unprefixed, English under /en/. A page is then the same bytes for everyone, which is
# what lets it be published as a file (see huiwen.publish).
urlpatterns = [
    path("admin/", admin.site.urls),
    # Live routes: answered by the application on every request, in no language.
    path("hit/<int:pk>/", news_views.record_hit, name="hit"),
    path("preview/<int:pk>/", news_views.preview, name="preview"),
    path("healthz", portal_views.health, name="health"),
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
