from django.urls import path

from huiwen.news import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.home, name="home"),
    path("category/<slug:slug>/", views.category, name="category"),
    path("tag/<str:name>/", views.tag, name="tag"),
    path("article/<int:pk>.html", views.article, name="article"),
    path("preview/<int:pk>/", views.preview, name="preview"),
    path("hit/<int:pk>/", views.record_hit, name="hit"),
    path("rss.xml", feeds.LatestArticles(), name="rss"),
]
