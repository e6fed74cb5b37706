"""The junk around each article: navigation, promo cards, share bar, QR prompt, related
list, notices, friend links and comment box, one set per imaginary site.

Kept apart from the layouts so an article's expected ``junk`` list can name the same
strings the page renders, and a test can check that every one of them is really served.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteChrome:
    name: str
    nav: tuple[str, ...]
    related_heading: str
    related: tuple[tuple[str, str], ...]  # (title, date as shown or ""); dates deliberately differ from the article's
    promos: tuple[tuple[str, str], ...]  # (name, tagline)
    qr_prompt: str
    share_label: str
    comment_prompt: str
    notice: str
    friend_links_label: str
    friend_links: tuple[str, ...]

    def junk(self) -> list[str]:
        """Strings from every kind of chrome on the page; none may reach an extracted body."""
        return [
            self.nav[-1],
            self.related[0][0],
            *(tagline for _, tagline in self.promos[:1]),
            self.qr_prompt,
            self.share_label,
            self.comment_prompt,
            self.notice,
            self.friend_links_label,
            self.friend_links[0],
        ]


CHENGCHUAN_NEWS = SiteChrome(
    name="澄川新闻网",
    nav=("首页", "本地", "民生", "文旅", "视频", "专题"),
    related_heading="相关阅读",
    related=(
        ("鹭溪镇启动老街沿线立面整治 预计明年春节前完工", "2024-09-02"),
        ("澄川市今年将改造老旧小区四十二个", "2025-03-15"),
        ("暑期来澄川 这些古镇值得一逛", "2025-07-01"),
    ),
    promos=(("澄川文旅卡", "全年畅游二十余家景区，限时八折"),),
    qr_prompt="扫码关注澄川新闻网官方微信",
    share_label="分享到：",
    comment_prompt="发表评论（文明上网，理性发言）",
    notice="版权声明：凡注明“来源：澄川新闻网”的作品，版权均属澄川新闻网所有，未经授权不得转载。",
    friend_links_label="友情链接",
    friend_links=("澄川市人民政府", "鹭溪旅游网", "澄川交通"),
)

YUCHENG_EVENING = SiteChrome(
    name="榆城晚报",
    nav=("首页", "要闻", "榆荫", "社区", "美食", "读者来信"),
    related_heading="延伸阅读",
    related=(
        ("桂香路社区商业街本月试营业", "2025-06-30"),
        ("榆荫区老厂房片区拆迁进入收尾阶段", "2025-05-18"),
    ),
    promos=(("榆城晚报数字版", "订阅全年电子报，每天早上七点推送"),),
    qr_prompt="扫码关注榆城晚报视频号，看更多城市故事",
    share_label="分享至",
    comment_prompt="我要评论",
    notice="免责声明：本网转载作品均注明出处，转载目的在于传递更多信息，并不代表本网赞同其观点。",
    friend_links_label="友情链接",
    friend_links=("榆城发布", "榆荫区融媒体中心"),
)

LANGANG_NEWS = SiteChrome(
    name="嵐港新聞網",
    nav=("首頁", "地方", "生活", "文化", "影音", "訂閱電子報"),
    related_heading="延伸閱讀",
    related=(
        ("北岸舊冷凍倉庫活化計畫通過審議", "2023/11/08"),
        ("嵐港市公共圖書館夜間開放時段延長", "2025/04/12"),
    ),
    promos=(("嵐港好讀卡", "憑卡至合作書店購書享九折優惠"),),
    qr_prompt="掃碼關注嵐港新聞網官方帳號",
    share_label="分享到：",
    comment_prompt="留言請遵守法令，勿作人身攻擊",
    notice="版權聲明：本網站所刊載之文字、圖片，未經同意不得轉載。",
    friend_links_label="友站連結",
    friend_links=("嵐港市政府", "北岸社區大學"),
)

SONGLING_MEDIA = SiteChrome(
    name="溪口融媒",
    nav=("首页", "时政", "乡村振兴", "溪口文旅", "融媒矩阵"),
    related_heading="相关新闻",
    related=(
        ("溪口县举办第五届茶叶开采节", "2025-04-03"),
        ("冷链物流进村 农产品出山更快了", "2025-06-21"),
    ),
    promos=(("溪口优选", "山里好物产地直发，满九十九元包邮"),),
    qr_prompt="扫码关注溪口融媒公众号",
    share_label="一键分享",
    comment_prompt="网友评论",
    notice="版权声明：本站原创内容转载请注明出处，违者将依法追究责任。",
    friend_links_label="友情链接",
    friend_links=("溪口县人民政府网", "溪口农业农村"),
)

XINGYUAN_APP = SiteChrome(
    name="星垣新闻",
    nav=("推荐", "科技", "教育", "园区", "下载客户端"),
    related_heading="猜你喜欢",
    related=(  # undated: this site must show no visible date at all
        ("星垣科技园新增两家孵化器", ""),
        ("暑期研学哪里去？这份清单请收好", ""),
    ),
    promos=(("星垣新闻客户端", "打开客户端，阅读体验更流畅"),),
    qr_prompt="扫码关注星垣新闻，获取第一手园区资讯",
    share_label="分享给朋友",
    comment_prompt="写下你的评论",
    notice="免责声明：本平台部分内容由用户上传，不代表平台观点。",
    friend_links_label="友情链接",
    friend_links=("星垣科技园管委会", "黎川实验小学"),
)

YUNXI_LIFE = SiteChrome(
    name="云溪生活",
    nav=("首页", "逛吃", "街巷", "关于本站"),
    related_heading="往期文章",
    related=(
        ("云溪河东岸的旧货运站还能做什么", "2024-12-20"),
        ("在云溪，早餐要从一碗米粉开始", "2025-02-09"),
    ),
    promos=(("云溪生活读者群", "入群领取夜市优惠券"),),
    qr_prompt="扫码关注云溪生活，每周五更新",
    share_label="转发到朋友圈",
    comment_prompt="留言区",
    notice="版权声明：本站文章未经许可请勿转载。",
    friend_links_label="友情链接",
    friend_links=("云溪美食地图", "河东街道"),
)

CRYPTO_REPOST = SiteChrome(
    name="链闻汇",
    nav=("首页", "快讯", "行情", "深度", "项目库", "APP下载"),
    related_heading="热门文章",
    related=(
        ("比特币今日行情分析：多空双方激烈博弈", "2025-08-04"),
        ("一文读懂什么是质押挖矿", "2025-07-29"),
    ),
    promos=(
        ("云帆交易所", "全球领先的数字资产交易平台"),
        ("麒麟交易所", "注册即送合约体验金"),
        ("北斗交易所", "安全稳定 极速充提"),
    ),
    qr_prompt="扫码关注链闻汇，币圈快讯早知道",
    share_label="分享到：",
    comment_prompt="评论区（0）",
    notice="版权声明:本站所有文章皆是来自互联网，如有侵权请联系我们删除，本站不承担任何法律责任。",
    friend_links_label="友情链接",
    friend_links=("币圈导航", "区块链之家", "数字资产报价"),
)

NANYU_EVENING = SiteChrome(
    name="南屿晚报网",
    nav=("首页", "南屿", "交通", "教育", "房产", "健康", "读报"),
    related_heading="相关新闻",
    related=(
        ("地铁五号线南门站新增两个出入口", "2025-06-18"),
        ("南屿市公布二〇二五年老旧小区改造名单", "2025-03-27"),
    ),
    promos=(("南屿晚报", "订阅全年晚报，送定制帆布袋"),),
    qr_prompt="扫码关注南屿晚报微信公众号",
    share_label="分享：",
    comment_prompt="发表评论，文明留言",
    notice="版权声明：本网所有内容，未经书面授权不得转载或以其他方式使用。",
    friend_links_label="友情链接",
    friend_links=("南屿交通", "南屿市政务服务网"),
)

BAIHUI_AGGREGATOR = SiteChrome(
    name="百汇资讯",
    nav=("首页", "国内", "社会", "旅游", "图片", "热榜"),
    related_heading="为你推荐",
    related=(
        ("这些小城的老街改造，让人一去就想住下", "2025-07-18"),
        ("暑假出游热度攀升 古镇游成新宠", "2025-07-10"),
    ),
    promos=(("百汇资讯APP", "下载APP，领取十元话费"),),
    qr_prompt="扫码关注百汇资讯，热点一手掌握",
    share_label="分享到",
    comment_prompt="热门评论",
    notice="免责声明：本文转载自网络，版权归原作者所有，如有侵权请联系删除。",
    friend_links_label="友情链接",
    friend_links=("百汇导航", "百汇图片"),
)
