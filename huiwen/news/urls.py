from django.urls import path

from huiwen.news import feeds, views

app_name = "news"


def _paged(route: str, view, name: str) -> list:
    """A listing's first page at ``route`` and page N at ``route + "page/N/"``: a path,
    not ``?page=N``, so every page can be a published file."""
    return [path(route, view, name=name), path(f"{route}page/<int:number>/", view, name=name)]


urlpatterns = [
    *_paged("", views.home, "home"),
    *_paged("category/<slug:slug>/", views.category, "category"),
    *_paged("tags/<int:pk>/", views.tag, "tag"),
    # Links from before tags were addressed by id; a name may contain "/", hence <path>.
    path("tag/<path:name>/", views.tag_by_name, name="tag_by_name"),
    path("article/<int:pk>.html", views.article, name="article"),
    path("rss.xml", feeds.LatestArticles(), name="rss"),
    path("atom.xml", feeds.LatestArticlesAtom(), name="atom"),
    path("category/<slug:slug>/rss.xml", feeds.CategoryArticles(), name="category_rss"),
    path("category/<slug:slug>/atom.xml", feeds.CategoryArticlesAtom(), name="category_atom"),
    path("tags/<int:pk>/rss.xml", feeds.TagArticles(), name="tag_rss"),
    path("tags/<int:pk>/atom.xml", feeds.TagArticlesAtom(), name="tag_atom"),
]
