"""The public takedown form: who claims what, and which of our articles."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.utils.translation import gettext_lazy as _

from huiwen.news.models import Article, article_id_at

MAX_URLS = 20


def article_id_from_url(text: str) -> int | None:
    """The id of the article ``text`` addresses on this site: a path or an absolute URL
    for one of our host names, in any of the site's languages; None otherwise."""
    text = text.strip().strip("<>").strip()
    if not text or len(text) > 2000:
        return None
    parts = urlsplit(text)
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return None
        host, _port = split_domain_port(parts.netloc.rsplit("@", 1)[-1].lower())
        site_host, _site_port = split_domain_port(urlsplit(settings.SITE_URL).netloc.lower())
        if not host or not (host == site_host or validate_host(host, settings.ALLOWED_HOSTS)):
            return None
    path = parts.path
    if not path.startswith("/"):
        return None
    return article_id_at(path)


class TakedownForm(forms.Form):
    claimant = forms.CharField(label=_("权利人姓名或机构"), max_length=200)
    email = forms.EmailField(label=_("联系邮箱"), max_length=254)
    urls = forms.CharField(
        label=_("文章网址"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("本站文章的网址,每行一个"), max_length=MAX_URLS * 300,
    )
    work = forms.CharField(
        label=_("您拥有权利的作品"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
        help_text=_("作品名称、首发位置(网址或刊物)与权属证明"),
    )
    statement = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000)
    good_faith = forms.BooleanField(
        label=_("我善意地相信上述使用未经权利人、其代理人或法律许可,且本投诉内容真实准确。"), required=True,
    )
    #: The honeypot: hidden from people by the stylesheet, filled in by form-filling bots.
    website = forms.CharField(label=_("网站(请留空)"), required=False, max_length=500)

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("无法受理这份投诉。"), code="honeypot")
        return ""

    def clean_urls(self) -> list[tuple[str, Article]]:
        lines = [line.strip() for line in self.cleaned_data["urls"].splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError(_("请至少填写一个本站文章网址。"))
        if len(lines) > MAX_URLS:
            raise forms.ValidationError(_("一次最多投诉 %(count)d 篇文章。"), params={"count": MAX_URLS})
        found, wrong = {}, []
        for line in lines:
            article_id = article_id_from_url(line)
            if article_id is None:
                wrong.append(line)
            elif article_id not in found:
                found[article_id] = line
        articles = Article.objects.in_bulk(list(found))
        # Drafts and articles not yet out are not readers' to know of: "not ours" as well.
        hidden = (Article.Status.HIDDEN, Article.Status.REMOVED)
        wrong += [url for pk, url in found.items()
                  if pk not in articles or not (articles[pk].is_public or articles[pk].status in hidden)]
        if wrong:
            raise forms.ValidationError(
                _("以下网址不是本站的文章:%(urls)s"), params={"urls": ", ".join(w[:200] for w in wrong[:5])}, code="not_ours",
            )
        return [(url, articles[pk]) for pk, url in found.items()]
