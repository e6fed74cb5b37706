from django.contrib.syndication.views import Feed

from huiwen.news.models import Article
from huiwen.portal.models import SiteSettings

FEED_SIZE = 30


class LatestArticles(Feed):
    def title(self):
        return SiteSettings.current().site_name

    def link(self):
        return "/"

    def description(self):
        return SiteSettings.current().tagline

    def items(self):
        return Article.objects.published().select_related("category")[:FEED_SIZE]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_author_name(self, item: Article) -> str:
        return item.author

    def item_categories(self, item: Article):
        return [item.category.name] if item.category else []
