from django.urls import path

from huiwen.news import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.home, name="home"),
    path("category/<slug:slug>/", views.category, name="category"),
    path("tags/<int:pk>/", views.tag, name="tag"),
    # Links from before tags were addressed by id; a name may contain "/", hence <path>.
    path("tag/<path:name>/", views.tag_by_name, name="tag_by_name"),
    path("article/<int:pk>.html", views.article, name="article"),
    path("preview/<int:pk>/", views.preview, name="preview"),
    path("hit/<int:pk>/", views.record_hit, name="hit"),
    path("rss.xml", feeds.LatestArticles(), name="rss"),
]
