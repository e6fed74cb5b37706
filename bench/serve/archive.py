"""A generated news archive of N articles, for measuring render cost as the archive grows.

    .venv/bin/python bench/serve/archive.py --articles 100000 [--keep]

Creates a fresh temporary HUIWEN_DATA_DIR, migrates it and fills it with N articles of
our own invented writing: varied Chinese titles and bodies, eight categories, about 200 tags
(0-3 per article), long-tailed view counts, publication times spread over years (about
400 a day, newest last), a few drafts, hidden, removed and scheduled articles, plus the
furniture every page shows (promo cards, friendly links). Rows are written with raw
``executemany`` (SQLite) or ``COPY`` (PostgreSQL) in batches, with the secondary indexes
dropped during the load and rebuilt after it: 1M articles take about two minutes on
SQLite.

With ``HUIWEN_DATABASE_URL=postgres://…`` set, a fresh database named after it (suffix
``_archive_<pid>``) is created on that server and dropped afterwards unless ``--keep``.

As a module (``bench/serve/render.py`` uses it): ``prepare(data_dir)`` sets the
environment and Django up, ``generate(n)`` fills the database and returns what it made.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

# --- our own words ----------------------------------------------------------------------

CATEGORIES = [
    # slug, name, share of articles, subjects, happenings
    ("local", "地方", 22, ["老旧小区", "菜市场", "公交线路", "社区食堂", "口袋公园", "停车难题", "夜市街区", "河道整治",
                           "垃圾分类", "学校周边", "养老驿站", "背街小巷"],
     ["完成改造", "迎来新变化", "试点启动", "征求居民意见", "年内全面完工", "交出成绩单", "再添新举措", "按下快进键"]),
    ("china", "国内", 16, ["高铁新线", "乡村振兴", "防汛工作", "粮食生产", "职业教育", "医保报销", "旧城更新", "冬季供暖",
                           "交通枢纽", "生态保护区", "基层治理", "就业服务"],
     ["取得阶段性进展", "出台实施方案", "进入关键期", "惠及千万群众", "释放新活力", "迈出新步伐", "跑出加速度"]),
    ("world", "国际", 10, ["港口航运", "气候谈判", "国际展会", "跨境电商", "能源合作", "粮食贸易", "远洋科考", "文化交流"],
     ["引发各方关注", "达成初步共识", "面临新挑战", "持续升温", "开启新阶段", "落下帷幕"]),
    ("finance", "财经", 16, ["消费市场", "小微企业", "新能源车企", "外贸订单", "数字人民币", "房地产市场", "债券发行",
                             "制造业投资", "光伏产业", "物流成本", "数字货币交易所", "黄金价格"],
     ["回暖明显", "增速超出预期", "迎来调整", "稳中有升", "承压前行", "加速洗牌", "热度不减"]),
    ("tech", "科技", 14, ["大模型", "国产芯片", "低空经济", "卫星互联网", "人形机器人", "固态电池", "开源社区",
                          "自动驾驶", "智慧医疗", "量子通信", "操作系统", "数据中心"],
     ["实现新突破", "进入量产阶段", "开放公测", "发布新版本", "迎来应用热潮", "标准正式出台", "成本持续下降"]),
    ("culture", "文化", 8, ["博物馆夜场", "非遗技艺", "地方戏曲", "古籍修复", "城市书房", "民间收藏", "纪录片", "传统节庆"],
     ["走红网络", "焕发新生", "吸引年轻观众", "亮相展览", "迎来客流高峰", "走进校园"]),
    ("sports", "体育", 8, ["城市马拉松", "青少年足球", "全民健身", "女排联赛", "冰雪运动", "社区篮球赛", "游泳馆"],
     ["鸣枪开跑", "再创佳绩", "火热开赛", "报名人数创新高", "圆满收官", "迎来新赛季"]),
    ("health", "健康", 6, ["流感疫苗", "家庭医生", "儿童近视", "中医药", "睡眠问题", "慢病管理", "急救培训"],
     ["专家提醒", "服务范围扩大", "纳入医保", "迎来就诊高峰", "推出新举措", "进社区"]),
]
PLACES = ["城东新区", "江城", "滨海市", "西山县", "南湖街道", "北关区", "临江镇", "青石县", "云岭市", "白沙湾",
          "河西片区", "枫林路", "东港", "凤鸣山", "柳溪村", "长桥区", "金台", "松江口", "鹿门", "清河县",
          "梧桐里", "紫阳湖", "三峡库区", "雁塔", "海棠社区", "石门", "龙泉驿", "新桥", "双井", "望京"]
OUTCOMES = ["居民点赞", "市民出行更方便", "多方合力推进", "年底前见分晓", "专家这样解读", "一线直击", "记者实地探访",
            "数据背后有哪些信号", "下一步怎么走", "这些变化值得关注", "背后有何考量", "听听当事人怎么说"]
GENERAL_TAGS = ["民生", "城市更新", "交通出行", "教育", "就业", "养老", "医疗", "环保", "乡村振兴", "营商环境",
                "AI/大模型", "新能源", "消费", "外贸", "数字经济", "芯片", "机器人", "文旅", "非遗", "体育赛事",
                "健康科普", "食品安全", "防汛", "天气", "科普", "法治", "社区", "调查", "观察", "数据新闻",
                "区块链", "比特币", "以太坊", "房价", "利率", "汽车", "航天", "考古", "读书", "电影"]
SURNAMES = "林周许陈王李张刘杨赵黄吴徐孙马朱胡郭何高罗郑梁谢宋唐韩冯董萧程曹袁邓傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶"
GIVEN = "晓航明敏静磊娜伟芳杰婷强丽军洋勇艳涛超霞平刚桂英华玉兰秀云峰建国志宏文斌鹏飞宇浩然欣怡子涵雨萱佳琪思远嘉诚"
SOURCES = ["江城晚报", "滨海日报", "南湖新闻网", "西山融媒", "云岭都市报", "临江观察", "北关时报", "青石广播电视台",
           "东港财经", "金台科技评论", "鹿门文化周刊", "长桥体育", "松江健康报", "紫阳早报", "梧桐新闻客户端"]
HEADINGS = ["现场直击", "数据说话", "居民声音", "专家观点", "下一步", "记者手记", "背景链接", "问与答"]
SENTENCES = [
    "记者从{place}有关部门了解到,今年以来{subject}相关工作稳步推进,累计投入资金{number}万元。",
    "据介绍,{subject}项目共涉及{number}户居民,目前已有{percent}%的工程量完成。",
    "“以前{subject}的问题让大家头疼,现在好多了。”家住{place}的{person}告诉记者。",
    "{org}负责人表示,将继续围绕{subject}补短板、强弱项,让群众有更多获得感。",
    "统计数据显示,{month}月{place}{subject}相关指标同比增长{percent}%,高于全年平均水平。",
    "业内人士分析认为,{subject}之所以受到关注,关键在于它同每个人的日常生活息息相关。",
    "按照计划,{place}将在{month}月底前完成第一阶段任务,并同步开展效果评估。",
    "{person}是一名在{place}工作了{small}年的基层干部,她说这件事“急不得,也慢不得”。",
    "在{place}的现场,工人们正在加紧施工,不少路过的市民停下脚步拍照留念。",
    "专家提醒,{subject}涉及面广,既要算经济账,也要算民生账和长远账。",
    "{org}还开通了咨询热线,市民可就{subject}有关问题提出意见建议。",
    "截至目前,{place}已累计收到群众反馈{number}条,办结率达到{percent}%。",
    "有受访者建议,{subject}应当更多听取老年人和外来务工人员的意见。",
    "从全国范围看,类似做法已在{small}个省份推开,积累了不少可复制的经验。",
    "{person}算了一笔账:改造之后,每月能省下将近{small}百元的开支。",
    "对于下一步安排,{org}表示将把{subject}纳入年度重点任务清单,定期向社会公布进展。",
    "一位不愿透露姓名的商户说,{subject}带来的客流让他对明年的生意更有信心。",
    "值得注意的是,{subject}并非一蹴而就,{place}在推进过程中也遇到过不少难题。",
    "为保障工作顺利开展,{place}专门成立了由{small}个部门组成的工作专班。",
    "记者注意到,{place}的做法得到了周边地区的关注,已有多个考察团前来交流。",
]
ORGS = ["市住建局", "区发改委", "街道办事处", "县交通运输局", "市卫健委", "区教育局", "市文旅局", "市场监管局",
        "市体育局", "区生态环境分局", "社区居委会", "行业协会"]


@dataclass
class Archive:
    articles: int
    published: int
    tags: int
    categories: int
    seconds: float
    sample_article: int
    removed_article: int | None
    biggest_category: str
    biggest_tag: int | None
    rarest_tag: int | None
    public: int  # published and not scheduled for later: what the home listing holds


def _person(rnd: random.Random) -> str:
    return rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))


def _paragraph_pool(rnd: random.Random, size: int) -> list[tuple[str, str]]:
    """(html, text) paragraphs; a body is a few of them, so 1M bodies cost no more than this."""
    pool = []
    for index in range(size):
        subject = rnd.choice(rnd.choice(CATEGORIES)[3])
        sentences = [
            rnd.choice(SENTENCES).format(
                place=rnd.choice(PLACES), subject=subject, person=_person(rnd), org=rnd.choice(ORGS),
                number=rnd.randint(12, 98000), percent=rnd.randint(3, 97), month=rnd.randint(1, 12),
                small=rnd.randint(2, 30),
            )
            for _ in range(rnd.randint(2, 4))
        ]
        text = "".join(sentences)
        html = f"<p>{text}</p>"
        if index % 7 == 0:
            heading = rnd.choice(HEADINGS)
            html, text = f"<h2>{heading}</h2>{html}", f"{heading}\n\n{text}"
        pool.append((html, text))
    return pool


# --- environment ------------------------------------------------------------------------


def _postgres_server_url(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, parts.fragment))


def prepare(data_dir: Path, *, database_url: str | None = None) -> str | None:
    """Point huiwen at ``data_dir`` (and a fresh PostgreSQL database when ``database_url``
    names a server), set Django up and migrate. Returns the PostgreSQL database created,
    to pass to :func:`drop_database` afterwards."""
    created = None
    os.environ["HUIWEN_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("HUIWEN_LOG_LEVEL", "WARNING")
    # Renders measured in process go to a host the publisher does not write files for.
    os.environ.setdefault("HUIWEN_SITE_URL", "http://archive.invalid")
    os.environ["DJANGO_SETTINGS_MODULE"] = "huiwen.settings"
    if database_url and database_url.startswith(("postgres://", "postgresql://")):
        import psycopg

        created = f"{urlsplit(database_url).path.lstrip('/') or 'huiwen'}_archive_{os.getpid()}"
        with psycopg.connect(database_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{created}"')
            admin.execute(f'CREATE DATABASE "{created}"')
        os.environ["HUIWEN_DATABASE_URL"] = _postgres_server_url(database_url, created)
    elif database_url:
        os.environ["HUIWEN_DATABASE_URL"] = database_url
    else:
        os.environ.pop("HUIWEN_DATABASE_URL", None)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    return created


def drop_database(database_url: str, created: str) -> None:
    from django.db import connections

    connections.close_all()
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')


# --- generation -------------------------------------------------------------------------

ARTICLE_COLUMNS = ["id", "title", "subtitle", "status", "published_at", "author", "editor", "source_name",
                   "source_url", "summary", "body_html", "body_text", "lead_image_url", "view_count",
                   "created_at", "updated_at", "category_id"]


class _Loader:
    """Bulk rows into a table with its secondary indexes dropped meanwhile."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.vendor = connection.vendor
        self.saved_indexes: list[str] = []

    def drop_indexes(self, tables: list[str]) -> None:
        with self.connection.cursor() as cursor:
            if self.vendor == "sqlite":
                marks = ",".join("%s" for _ in tables)
                cursor.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                               f"AND tbl_name IN ({marks})", tables)
            else:
                cursor.execute(
                    "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                    "JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname = ANY(%s) "
                    "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)", [tables])
            rows = cursor.fetchall()
            for name, sql in rows:
                cursor.execute(f'DROP INDEX "{name}"')
                self.saved_indexes.append(sql)

    def restore_indexes(self) -> None:
        with self.connection.cursor() as cursor:
            for sql in self.saved_indexes:
                cursor.execute(sql)
        self.saved_indexes.clear()

    def insert(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        if self.vendor == "sqlite":
            marks = ",".join("?" for _ in columns)
            self.connection.connection.executemany(
                f'INSERT INTO "{table}" ({",".join(columns)}) VALUES ({marks})', rows)
        else:
            with self.connection.connection.cursor() as cursor:
                with cursor.copy(f'COPY "{table}" ({",".join(columns)}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)


def generate(n: int, *, seed: int = 8, batch: int = 20000, progress: bool = True) -> Archive:
    """Fill the (freshly migrated, empty) database with ``n`` articles and the furniture."""
    from django.db import connection, transaction
    from django.utils import timezone

    from huiwen.news.models import Category, Tag
    from huiwen.portal.models import FriendlyLink, PromoCard, SiteSettings

    started = time.perf_counter()
    rnd = random.Random(seed)
    now = timezone.now().replace(microsecond=0)

    site = SiteSettings.current()
    site.site_name, site.tagline = "汇文资讯", "每天的新闻,从这里读起"
    site.save()
    for order, (name, local, tagline) in enumerate([
        ("欧易", "欧易(OKX)", "全球领先的数字资产交易平台"), ("币安", "币安(Binance)", "交易量领先的加密货币交易所"),
        ("火币", "火币(HTX)", "老牌数字资产服务商"),
    ]):
        PromoCard.objects.create(name=name, localized_name=local, tagline=tagline, order=order,
                                 url=f"https://promo{order}.example.com/", badge_text=name,
                                 ends_at=now + timedelta(days=30) if order == 2 else None)
    for order, name in enumerate(["邻站新闻", "江城论坛", "滨海生活网", "读书频道", "科技前沿", "体育在线"]):
        FriendlyLink.objects.create(name=name, url=f"https://friend{order}.example.net/", order=order)

    categories = [Category.objects.create(slug=slug, name=name, order=order)
                  for order, (slug, name, *_rest) in enumerate(CATEGORIES)]
    category_weights = [share for _slug, _name, share, *_rest in CATEGORIES]
    tag_names = list(GENERAL_TAGS)
    for _slug, _name, _share, subjects, _happenings in CATEGORIES:
        tag_names += [s for s in subjects if s not in tag_names]
        tag_names += [f"{s}观察" for s in subjects]
    tag_names = list(dict.fromkeys(tag_names))
    tags = Tag.objects.bulk_create([Tag(name=name) for name in tag_names])
    tag_ids = [tag.pk for tag in tags]
    # Tags used with a category: its own subjects, their 观察 columns and a few general ones.
    by_name = {tag.name: tag.pk for tag in tags}
    category_tags = []
    for _slug, _name, _share, subjects, _happenings in CATEGORIES:
        own = [by_name[s] for s in subjects] + [by_name[f"{s}观察"] for s in subjects]
        category_tags.append(own + rnd.sample(tag_ids[:len(GENERAL_TAGS)], 8))

    pool = _paragraph_pool(rnd, 4000)
    span = timedelta(days=max(3.0, n / 400))
    step = span / max(n, 1)
    start = now - span
    adapt = connection.ops.adapt_datetimefield_value if connection.vendor == "sqlite" else (lambda value: value)
    statuses = ["published"] * 95 + ["draft"] * 2 + ["hidden"] * 2 + ["removed"]
    loader = _Loader(connection)
    tag_row_id = 0
    counts = {"published": 0, "public": 0}
    per_category = [0] * len(categories)
    per_tag: dict[int, int] = {}
    sample = removed = None

    connection.ensure_connection()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-400000")
    loader.drop_indexes(["news_article", "news_article_tags"])
    done = 0
    while done < n:
        rows, tag_rows = [], []
        for article_id in range(done + 1, min(n, done + batch) + 1):
            c = rnd.choices(range(len(categories)), category_weights)[0]
            slug, cat_name, _share, subjects, happenings = CATEGORIES[c]
            place, subject = rnd.choice(PLACES), rnd.choice(subjects)
            shape = rnd.random()
            if shape < 0.45:
                title = f"{place}{subject}{rnd.choice(happenings)}"
            elif shape < 0.8:
                title = f"{place}{subject}{rnd.choice(happenings)},{rnd.choice(OUTCOMES)}"
            else:
                title = f"{subject}{rnd.choice(happenings)}:{rnd.choice(OUTCOMES)}"
            status = rnd.choice(statuses)
            published_at = start + step * article_id + timedelta(seconds=rnd.randint(0, 3600))
            if status == "published" and rnd.random() < 0.0005:
                published_at = now + timedelta(hours=rnd.randint(1, 24 * 7))  # scheduled
            paragraphs = rnd.sample(pool, rnd.randint(3, 7))
            body_html = "".join(html for html, _text in paragraphs)
            body_text = "\n\n".join(text for _html, text in paragraphs)
            lead = paragraphs[0][1].split("\n\n")[-1]
            summary = lead[: lead.find("。") + 1] if "。" in lead[:120] else lead[:100]
            views = min(int(rnd.paretovariate(1.2) * 40) - 40, 5_000_000)
            when = adapt(published_at)
            rows.append((
                article_id, title, rnd.choice(OUTCOMES) if rnd.random() < 0.2 else "", status, when,
                " ".join(_person(rnd) for _ in range(rnd.choice((1, 1, 2)))), _person(rnd), rnd.choice(SOURCES),
                f"https://news.example.com/{published_at:%Y/%m/%d}/{article_id}.html", summary, body_html, body_text,
                f"https://img.example.com/{published_at:%Y}/{article_id}.jpg" if rnd.random() < 0.3 else "",
                views, when, when, None if rnd.random() < 0.02 else categories[c].pk,
            ))
            chosen = rnd.sample(category_tags[c], rnd.choice((0, 1, 1, 2, 2, 3)))
            for tag_id in chosen:
                tag_row_id += 1
                tag_rows.append((tag_row_id, article_id, tag_id))
            if status == "published":
                counts["published"] += 1
                counts["public"] += published_at <= now
                if rows[-1][-1] is not None:
                    per_category[c] += 1
                for tag_id in chosen:
                    per_tag[tag_id] = per_tag.get(tag_id, 0) + 1
                if published_at <= now and chosen and (sample is None or article_id <= n // 2):
                    sample = article_id
            elif status == "removed" and removed is None:
                removed = article_id
        with transaction.atomic():
            loader.insert("news_article", ARTICLE_COLUMNS, rows)
            loader.insert("news_article_tags", ["id", "article_id", "tag_id"], tag_rows)
        done += len(rows)
        if progress:
            print(f"\r  generated {done:,} / {n:,} articles ({time.perf_counter() - started:.0f} s)",
                  end="", file=sys.stderr, flush=True)
    if progress:
        print("\r  rebuilding indexes…" + " " * 30, end="", file=sys.stderr, flush=True)
    loader.restore_indexes()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            for table in ("news_article", "news_article_tags"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"(SELECT coalesce(max(id), 1) FROM {table}))")
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: statistics and the visibility map
        # (index-only scans need it).
        with connection.cursor() as cursor:  # Django's connections autocommit outside atomic()
            cursor.execute("VACUUM ANALYZE news_article")
            cursor.execute("VACUUM ANALYZE news_article_tags")
    if progress:
        print(f"\r  generated {n:,} articles in {time.perf_counter() - started:.1f} s" + " " * 20,
              file=sys.stderr, flush=True)
    # The furniture saved above bumped the caches; nothing else here sent signals.
    try:
        from huiwen.portal.generations import forget_all
    except ImportError:  # measuring a version of huiwen from before these caches
        pass
    else:
        forget_all()
    biggest = max(range(len(categories)), key=per_category.__getitem__)
    return Archive(
        articles=n, published=counts["published"], tags=len(tags), categories=len(categories),
        seconds=time.perf_counter() - started, sample_article=sample or 0, removed_article=removed,
        biggest_category=categories[biggest].slug,
        biggest_tag=max(per_tag, key=per_tag.__getitem__) if per_tag else None,
        rarest_tag=min(per_tag, key=per_tag.__getitem__) if per_tag else None, public=counts["public"],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True, metavar="N")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the data dir (and PostgreSQL database); print where")
    args = parser.parse_args(argv)
    data_dir = Path(tempfile.mkdtemp(prefix="huiwen-archive-"))
    database_url = os.environ.get("HUIWEN_DATABASE_URL")
    created = None
    try:
        created = prepare(data_dir, database_url=database_url)
        archive = generate(args.articles, seed=args.seed)
        print(archive)
        if args.keep:
            print(f"HUIWEN_DATA_DIR={data_dir}"
                  + (f" HUIWEN_DATABASE_URL={os.environ['HUIWEN_DATABASE_URL']}" if created else ""))
    finally:
        if not args.keep:
            if created:
                drop_database(database_url, created)
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
