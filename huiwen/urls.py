from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("huiwen.portal.urls")),
    path("", include("huiwen.news.urls")),
    # Uploaded logos are few and small; a front proxy may serve /media/ itself instead.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]

handler404 = "huiwen.portal.views.page_not_found"
handler500 = "huiwen.portal.views.server_error"
