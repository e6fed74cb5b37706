"""The articles the test site serves, written for these tests (every place, person and
event is invented), and what a correct extraction of each page should return.

Layouts render pages from these specs, so the served pages and the expectations cannot
drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import chrome


@dataclass(frozen=True)
class ArticleSpec:
    title: str
    author: str | None  # several names are joined by one space
    editor: str | None
    source: str | None
    published_at: str  # ISO 8601 with +08:00
    paragraphs: tuple[str, ...]  # the body paragraphs in order; headings and subtitle excluded
    junk: list[str]  # must NOT appear in the extracted body
    subtitle: str | None = None
    headings: tuple[str, ...] = ()

    @property
    def first_paragraph(self) -> str:
        return self.paragraphs[0]

    @property
    def last_paragraph(self) -> str:
        return self.paragraphs[-1]


LUXI_OLD_STREET = ArticleSpec(
    title="澄川市鹭溪老街改造完工 百年青石板路重新开放",
    author="方明远",
    editor="周小禾",
    source="澄川日报",
    published_at="2025-07-21T08:30:00+08:00",
    paragraphs=(
        "7月20日上午，澄川市鹭溪镇老街改造工程通过竣工验收，封闭了十一个月的青石板路重新向市民和游客开放。"
        "当天一早，不少住在附近的老人就拎着竹椅来到街口，看着施工围挡一块块被拆下。",
        "鹭溪老街全长约六百米，两侧保留着四十余栋清末至民国时期的木构民居。镇建设办主任邵启航介绍，"
        "此次改造坚持“修旧如旧”，施工队先把每一块青石板编号拆下，清理基层、铺设排水管后再按原位置铺回，"
        "破损严重的石板则从附近拆迁工地收集旧料替换。",
        "改造前，老街一到雨季就积水，沿街商户只能用沙袋挡水。“以前下大雨，水能漫到门槛上，"
        "今年汛期试运行了两个月，一次都没淹过。”经营裁缝铺三十多年的居民葛秀兰说。",
        "除了地下管网，老街还新增了十二处消防取水点和一套电气线路监测系统。邵启航表示，木结构房屋最怕火，"
        "新系统能在线路温度异常时自动报警，并把信息推送到镇消防站值班室。",
        "据了解，鹭溪镇下一步将引导沿街闲置房屋发展非遗工坊和社区书房，计划年底前推出竹编、米酒酿造等六个体验项目，"
        "并对老街实行早晚分时段限行，尽量减少机动车对石板路面的损耗。",
    ),
    junk=[*chrome.CHENGCHUAN_NEWS.junk(), "作者：记者 方明远", "（编辑：周小禾）", "当前位置："],
)

# 𠮷 (U+20BB7) is outside GBK: only a GB18030 decoder reads this page correctly.
JI_NOODLE_SHOP = ArticleSpec(
    title="𠮷记面馆迁入新址 老街坊排队吃上“第一碗”",
    author="温若岚 高一鸣",
    editor=None,
    source="榆城晚报",
    published_at="2025-07-25T14:05:00+08:00",
    paragraphs=(
        "7月24日清晨六点，榆城市榆荫区新开张的𠮷记面馆门口已经排起了三十多米的长队。这家开了二十六年的老面馆，"
        "因原址所在的厂房片区拆迁，搬到了两公里外的桂香路社区商业街。",
        "店主庞家树今年五十八岁，他告诉记者，招牌上的“𠮷”字是父亲当年特意写的，上面是“土”不是“士”，"
        "不少新来的顾客会以为写错了。“老街坊都知道，这个字我们家用了两代人，搬家也不能改。”",
        "为了让老顾客找得到新店，庞家树提前一个月在旧店门口贴出了搬迁告示，还印了两千张带路线图的小卡片。"
        "社区网格员也帮忙在居民群里转发了消息，不少已经搬到外区的老主顾专程赶了过来。",
        "新店面积比原来大了一倍，后厨按照食品安全示范店的标准重新装修，明厨亮灶，顾客在门口就能看到拉面的全过程。"
        "区市场监管局工作人员当天也到店进行了开业前的复查。",
        "中午时分，队伍仍没有变短。排在最前面的退休教师詹玉芬说，她从一九九九年开始就常来这里吃牛肉面，"
        "“味道没变，汤还是那个汤，换个地方也值得跑这一趟。”",
    ),
    junk=[*chrome.YUCHENG_EVENING.junk(), "本报记者 温若岚 实习生 高一鸣", "来源：榆城晚报"],
)

SEASIDE_LIBRARY = ArticleSpec(
    title="嵐港市海濱圖書館開館 首週借閱量破萬冊",
    author="林子謙",
    editor="陳雅雯",
    source="嵐港新聞網",
    published_at="2025-07-28T10:20:00+08:00",
    paragraphs=(
        "位於嵐港市北岸的海濱圖書館於本月二十一日正式開館，首週累計接待讀者逾三萬人次，借出圖書一萬零四百多冊，"
        "遠超館方原先預估。",
        "這座圖書館由一座閒置多年的漁業冷凍倉庫改建而成，保留了原有的混凝土結構與吊車軌道。館長鄭懷瑾表示，"
        "設計團隊刻意把閱覽區安排在面海的一側，讓讀者抬頭就能看見港口的船隻進出。",
        "館內共設有兒童繪本區、海洋文獻專區與二十四小時自助借還區，藏書約十八萬冊。其中海洋文獻專區收藏了"
        "當地漁會捐贈的三百多本手寫航海日誌，部分日誌已完成數位化，讀者可在館內終端機上瀏覽。",
        "家住附近的退休船員呂振邦幾乎每天都來報到。他說，年輕時跑遠洋，最大的遺憾就是沒時間讀書，"
        "「現在走路十分鐘就到，坐在窗邊看書、看海，這是以前想都不敢想的日子。」",
        "館方表示，下月起將推出週末親子共讀與海洋講座系列，並與市內三所中學合作設立志工服務時數，"
        "希望讓圖書館成為社區日常生活的一部分。",
    ),
    junk=[*chrome.LANGANG_NEWS.junk(), "記者林子謙／嵐港報導", "責任編輯：陳雅雯"],
)

BLUEBERRY_HARVEST = ArticleSpec(
    title="松岭村千亩蓝莓迎来采摘季 直播间里卖出新销路",
    author="韩东",
    editor=None,
    source="松岭融媒",
    published_at="2025-07-30T16:45:10+08:00",
    paragraphs=(
        "盛夏时节，溪口县松岭村的千亩蓝莓基地进入集中采摘期。连日来，上百名村民每天清晨五点就进园采摘，"
        "赶在气温升高之前把鲜果送进冷库预冷。",
        "松岭村地处山区，土壤偏酸，过去主要种植茶叶和毛竹。二〇一八年，村里引进蓝莓种植项目，由村集体牵头成立合作社，"
        "农户以土地入股。如今基地年产鲜果约四百吨，带动周边两百多户村民就近务工。",
        "今年，合作社第一次尝试在采摘现场开直播。返乡青年俞佳琪负责运营账号，她把手机架在果园地头，"
        "一边采摘一边讲解蓝莓的品种和保鲜方法。“最多的一场卖出了一千八百单，很多订单来自北方城市。”",
        "为了解决物流难题，县里协调快递企业在村口设立了冷链集货点，鲜果从采摘到装车不超过四个小时。"
        "合作社理事长杭立新说，损耗率已经从前几年的百分之十五降到了百分之五左右。",
        "下一步，松岭村计划建设一条蓝莓果酱和果干加工线，把品相稍差的果子也转化为商品，同时开发采摘游线路，"
        "让“小浆果”串起乡村旅游的新链条。",
    ),
    junk=[*chrome.SONGLING_MEDIA.junk(), "作者：韩东", "来源：松岭融媒"],
)

ROBOT_CONTEST = ArticleSpec(
    title="星垣科技园举办青少年机器人挑战赛 百余支队伍同场竞技",
    author="宋清扬 许嘉禾",
    editor=None,
    source=None,
    published_at="2025-08-01T19:30:00+08:00",
    paragraphs=(
        "日前，第三届星垣青少年机器人挑战赛在星垣科技园会展中心落幕。来自周边六个市县的一百二十八支中小学生队伍，"
        "围绕“智慧农场”主题完成了搬运、识别和协作三个项目的比拼。",
        "与往届相比，今年的赛题更贴近生活。参赛机器人需要在模拟农田中识别成熟度不同的“果实”，并按要求分拣到对应的箱子里。"
        "裁判长顾望舒介绍，赛题由高校教师和农业技术人员共同设计，既考验编程能力，也考验团队对实际问题的理解。",
        "来自黎川实验小学的代表队是本届年龄最小的队伍之一，四名队员平均年龄只有十岁。队长卢一诺说，"
        "他们为了调试机械臂的抓取力度，前后改了十几版程序，“力气太大会把果子捏坏，太小又抓不起来。”",
        "比赛现场还设置了开放体验区，科技园内的十余家企业展示了巡检无人机、水质监测浮标等产品，"
        "不少家长带着孩子排队体验。主办方表示，赛后将从参赛学生中遴选三十名，参加科技园企业的暑期研学营。",
    ),
    junk=chrome.XINGYUAN_APP.junk(),
)

NIGHT_MARKET = ArticleSpec(
    title="云溪夜市重新开张 摊主们又等回了老顾客",
    author="俞晚晴",
    editor=None,
    source=None,
    published_at="2025-08-03T09:12:00+08:00",
    paragraphs=(
        "周五晚上七点，云溪河东岸的旧货运站广场亮起了一排排暖黄色的灯泡。停办两年的云溪夜市重新开张，"
        "一百六十个摊位在开市前一周就被全部认领。",
        "卖了十几年烤年糕的郁大姐是第一批回来的摊主。她说，夜市停办那两年，她在菜市场租过档口，也试过推着车走街串巷，"
        "“还是这里人多，老顾客一看见我的招牌就过来了。”",
        "与过去相比，新夜市有了不少变化。广场地面重新做了防滑处理，每排摊位之间都留出了三米宽的消防通道，"
        "油烟较大的烧烤摊被集中安排在下风口，并统一安装了油烟净化设备。",
        "街道办负责夜市运营的干部蔺书桐告诉笔者，摊位实行“一摊一码”，顾客用手机一扫就能看到摊主的健康证和食品经营备案信息，"
        "遇到问题也可以直接在线投诉，工作人员会在十五分钟内到场处理。",
        "夜里十点，广场上依旧人来人往。有人举着刚出锅的糖油粑粑，有人蹲在旧书摊前翻找小人书，"
        "河边的风吹过来，带着一股炭火和桂花混在一起的味道。",
    ),
    junk=[*chrome.YUNXI_LIFE.junk(), "文/俞晚晴", "2025年8月3日 09:12"],
)

# Laid out like a crypto-community site reposting local news: the byline is the first body
# paragraph and each heading is a pair of short bold centred paragraphs.
RIVERBANK_PATROL = ArticleSpec(
    title="桐溪县百名志愿者夜巡河堤 守护汛期平安",
    author="骆青山",
    editor="钟雨桐",
    source=None,
    published_at="2025-08-05T21:08:00+08:00",
    subtitle="暴雨预警下的一夜",
    headings=("一", "手电光连成一条线", "二", "老经验遇上新设备"),
    paragraphs=(
        "8月4日晚，桐溪县气象台发布暴雨橙色预警。当晚八点起，来自县城各社区和乡镇的一百多名志愿者分成二十个小组，"
        "沿着桐溪干流两岸的十八公里河堤开展夜间巡查。",
        "夜里十一点，雨势明显加大。志愿者晏子墨和队友打着手电，每隔五十米就停下来查看堤脚有没有渗水、管涌。"
        "“平时走这段路只要二十分钟，那天晚上走了快一个小时。”",
        "凌晨一点多，第七小组在石门段发现一处堤坡有细小的浑水渗出。组长当即上报县防汛指挥部，十五分钟后，"
        "抢险队带着砂石料赶到现场，铺设反滤层处置险情。",
        "参与巡堤的既有年过六旬的老党员，也有放暑假回乡的大学生。六十七岁的退休水利员滕守仁带着年轻人辨认险情，"
        "教他们用脚踩、用手摸判断土质的松软程度。",
        "今年，县里还给每个巡查小组配发了带定位功能的对讲机，巡查轨迹实时显示在指挥部的大屏上。"
        "县水利局副局长穆云帆说，人力巡查和技术手段结合，让汛期值守更有底气。",
        "截至5日清晨，桐溪水位已回落至警戒线以下，全县未发生人员伤亡。志愿者们简单吃过早饭后陆续返回，"
        "不少人表示，下次有需要还会再来。",
    ),
    junk=[
        *chrome.CRYPTO_REPOST.junk(),
        *(tagline for _, tagline in chrome.CRYPTO_REPOST.promos[1:]),
        "摘要:",
        "□骆青山",
        "编辑:钟雨桐",
    ],
)

COMMUNITY_BUSES = ArticleSpec(
    title="南屿市新开三条社区微循环公交线路 串起地铁站与老旧小区",
    author="欧阳晨",
    editor="蒋一帆",
    source="南屿晚报",
    published_at="2025-08-06T07:45:00+08:00",
    paragraphs=(
        "记者从南屿市交通运输局获悉，8月6日起，该市新开通三条社区微循环公交线路，分别连接地铁二号线海棠站、滨湖站"
        "和五号线南门站，沿途覆盖十二个建成二十年以上的老旧小区。",
        "这三条线路均采用十八座新能源小型公交车，发车间隔早晚高峰为八分钟，平峰为十五分钟。由于车身较短，"
        "公交车可以驶入原先大巴无法通行的窄路，最近的站点距离小区门口不到一百米。",
        "线路规划前，交通部门在相关社区发放了四千多份问卷。居住在樟园小区的居民房淑珍说，小区里老年人多，"
        "以前到地铁站要走二十多分钟，“现在出门就能坐车，去医院、去菜场都方便多了。”",
        "市交通运输局公共交通处处长管立峰表示，微循环线路运行三个月后将进行客流评估，根据乘客需求调整站点和班次，"
        "并计划年内再开通五条类似线路。",
    ),
    junk=[*chrome.NANYU_EVENING.junk(), "责任编辑：蒋一帆", "来源：南屿晚报", "记者：欧阳晨"],
)

# A repost of LUXI_OLD_STREET on an aggregator: retitled, one sentence reworded, the rest
# verbatim, so near-duplicate detection should pair it with the original.
LUXI_OLD_STREET_REPOST = ArticleSpec(
    title="百年青石板路重新开放！澄川鹭溪老街改造完工",
    author="方明远",
    editor="林可",
    source="澄川日报",
    published_at="2025-07-22T10:05:00+08:00",
    paragraphs=(
        *LUXI_OLD_STREET.paragraphs[:2],
        LUXI_OLD_STREET.paragraphs[2].replace("今年汛期试运行了两个月", "今年汛期试运行快两个月了"),
        *LUXI_OLD_STREET.paragraphs[3:],
    ),
    junk=[*chrome.BAIHUI_AGGREGATOR.junk(), "责任编辑：林可", "原标题："],
)

# Served under /private/, which robots.txt disallows: a polite crawler never sees it.
PRIVATE_MEMO = ArticleSpec(
    title="内部通知：本页面禁止抓取",
    author="测试站管理员",
    editor="值班编辑",
    source="汇文测试站",
    published_at="2025-08-07T12:00:00+08:00",
    paragraphs=(
        "这是一篇放在禁止抓取目录下的文章，只用来检验采集程序是否遵守站点的抓取规则。",
        "如果采集结果里出现了这段文字，说明程序在读取规则之前就已经访问了这个地址，或者忽略了规则。",
        "站点的规则文件明确写着不允许访问这个目录下的任何页面，因此正常情况下这个页面的访问次数应当始终为零。",
        "测试会在整轮采集结束后检查这个页面的访问计数，任何一次访问都会被判定为失败，并在报告中单独列出。",
    ),
    junk=chrome.NANYU_EVENING.junk(),
)

ARTICLES: dict[str, ArticleSpec] = {
    "/gbk/a1.html": LUXI_OLD_STREET,
    "/gb18030/a2.html": JI_NOODLE_SHOP,
    "/big5/a3.html": SEASIDE_LIBRARY,
    "/mislabelled/a4.html": BLUEBERRY_HARVEST,
    "/jsonld/a5.html": ROBOT_CONTEST,
    "/nometa/a6.html": NIGHT_MARKET,
    "/seedlike/a7.html": RIVERBANK_PATROL,
    "/news/2025/a8.html": COMMUNITY_BUSES,
    "/repost/a9.html": LUXI_OLD_STREET_REPOST,
}
PRIVATE_PATH = "/private/secret.html"
