"""Generated Chinese news articles for the search benchmark (our own writing).

Each article has a topic; its paragraphs are drawn from a pool of sentences written from
templates over the topic's vocabulary (chosen with Zipf-like weights, so some words are
in a large share of the archive and others in a handful of articles), plus one sentence
of its own that may carry a rare term. Lengths vary from a brief to a long feature,
dates spread over three years (a few scheduled in the future), and about one article in
twenty is in Traditional script, as a Hong Kong or Taiwan source would send it.
Deterministic for a seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

TOPICS: dict[str, tuple[str, list[str]]] = {
    "economy": ("经济", ["经济", "市场", "消费", "投资", "外贸", "出口", "利率", "房价", "就业", "物价", "制造业",
                         "中小企业", "营商环境", "数字人民币", "消费券", "供应链", "产业园", "民营经济", "财政收入", "债券"]),
    "tech": ("科技", ["人工智能", "芯片", "半导体", "大模型", "机器人", "新能源汽车", "电池", "算力", "数据中心", "卫星",
                      "量子计算", "开源软件", "无人机", "智能手机", "网络安全", "云计算", "自动驾驶", "光伏", "储能", "5G基站"]),
    "local": ("地方", ["老旧小区", "加装电梯", "地铁", "公交线路", "菜市场", "停车位", "垃圾分类", "口袋公园", "城市更新",
                       "社区食堂", "养老服务", "学区", "供暖", "积水点", "夜市", "自行车道", "便民服务", "物业", "拆迁", "路灯"]),
    "sports": ("体育", ["足球", "篮球", "马拉松", "乒乓球", "羽毛球", "游泳", "联赛", "冠军", "全运会", "亚运会",
                        "主教练", "青训", "球迷", "体育场", "田径", "围棋", "滑雪", "赛艇", "裁判", "转会"]),
    "culture": ("文化", ["博物馆", "非遗", "古籍", "电影节", "话剧", "展览", "考古", "图书馆", "文创", "书法",
                         "戏曲", "纪录片", "音乐节", "古建筑", "民俗", "读书会", "美术馆", "动画", "文物", "方言"]),
    "health": ("健康", ["流感", "疫苗", "医保", "家庭医生", "中医药", "近视", "睡眠", "体检", "慢性病", "急救",
                        "营养", "心理健康", "住院", "药品集采", "基层医疗", "儿科", "口腔", "过敏", "运动康复", "老年痴呆"]),
    "world": ("国际", ["联合国", "气候变化", "选举", "峰会", "关税", "能源危机", "难民", "停火", "外交", "汇率",
                       "欧盟", "东盟", "航运", "粮食安全", "石油", "制裁", "谈判", "地震", "台风", "维和"]),
    "education": ("教育", ["高考", "中考", "双减", "职业教育", "留学", "研究生", "教师", "课后服务", "奖学金", "校园安全",
                           "学前教育", "在线课程", "毕业生", "招生", "实验室", "校车", "食堂", "图书角", "研学", "劳动教育"]),
}
PLACES = ["台湾", "香港", "上海", "北京", "深圳", "广州", "成都", "武汉", "杭州", "西安", "江城", "滨海市", "西山县",
          "南湖街道", "临江镇", "云岭市", "白沙湾", "长桥区", "清河县", "紫阳湖", "新桥", "东港", "凤鸣山", "柳溪村"]
ORGS = ["市住建局", "区发改委", "街道办事处", "交通运输局", "卫健委", "教育局", "文旅局", "市场监管局", "体育局",
        "生态环境局", "社区居委会", "行业协会", "研究院", "商务局", "科技局", "统计局"]
ACTIONS = ["稳步推进", "全面铺开", "持续升温", "取得突破", "引发热议", "迎来转机", "再创新高", "面临挑战", "加快落地",
           "备受关注", "逐步恢复", "明显改善", "进入快车道", "有序开展", "提质增效"]
PEOPLE = "林周许陈王李张刘杨赵黄吴徐孙马朱胡郭何高罗郑梁谢宋唐韩冯董萧程曹袁邓傅沈曾彭吕苏"
TEMPLATES = [
    "记者从{place}{org}了解到，今年以来{a}相关工作{act}，累计投入资金{n}万元。",
    "据介绍，{a}项目共涉及{n}户居民，目前已有{p}%的工程量完成，{b}也同步启动。",
    "“以前{a}的问题让大家头疼，现在好多了。”家住{place}的{person}告诉记者。",
    "{org}负责人表示，将继续围绕{a}和{b}补短板、强弱项，让群众有更多获得感。",
    "统计数据显示，{m}月{place}{a}相关指标同比增长{p}%，{b}同样{act}。",
    "业内人士分析认为，{a}之所以{act}，关键在于它同每个人的日常生活息息相关。",
    "按照计划，{place}将在{m}月底前完成{a}第一阶段任务，并同步开展{b}效果评估。",
    "专家提醒，{a}涉及面广，既要算经济账，也要算民生账和长远账，{b}尤其如此。",
    "{org}还开通了咨询热线，市民可就{a}和{b}有关问题提出意见建议。",
    "截至目前，{place}已累计收到关于{a}的群众反馈{n}条，办结率达到{p}%。",
    "从全国范围看，类似{a}的做法已在{s}个省份推开，{b}方面积累了不少可复制的经验。",
    "{person}算了一笔账：{a}之后，每月能省下将近{s}百元的开支。",
    "值得注意的是，{a}并非一蹴而就，{place}在推进{b}过程中也遇到过不少难题。",
    "为保障{a}顺利开展，{place}专门成立了由{s}个部门组成的工作专班。",
    "记者注意到，{place}在{a}上的做法得到了周边地区的关注，{b}也被写进了年度计划。",
    "在{place}举行的发布会上，{org}介绍了{a}的最新进展，并回答了记者关于{b}的提问。",
]
#: Terms in a handful of articles each: the rare end of the query mix.
RARE = ["量子纠缠", "古籍修复", "候鸟迁徙", "碳纤维", "盐碱地", "冰川监测", "甲骨文", "深海探测", "珊瑚白化", "稀土"]
#: A word no article contains.
ABSENT = "火星殖民地"


@dataclass(frozen=True, slots=True)
class Generated:
    title: str
    summary: str
    body_text: str
    published_at: datetime
    topic: int  # index into TOPICS, the category
    tags: tuple[int, ...]  # indexes into tag_names()


def tag_names() -> list[str]:
    return [word for _name, (_label, words) in TOPICS.items() for word in words[:5]]


def _zipf(rnd: random.Random, words: list[str], k: int) -> list[str]:
    weights = [1 / (rank + 1) for rank in range(len(words))]
    return rnd.choices(words, weights, k=k)


def _sentence(rnd: random.Random, words: list[str]) -> str:
    a, b = _zipf(rnd, words, 2)
    return rnd.choice(TEMPLATES).format(
        place=rnd.choice(PLACES), org=rnd.choice(ORGS), a=a, b=b, act=rnd.choice(ACTIONS),
        n=rnd.randint(12, 98000), p=rnd.randint(3, 97), m=rnd.randint(1, 12), s=rnd.randint(2, 30),
        person=rnd.choice(PEOPLE) + rnd.choice(["先生", "女士", "师傅", "老师", "大爷", "阿姨"]),
    )


def articles(count: int, *, seed: int = 9, now: datetime | None = None) -> Iterator[Generated]:
    rnd = random.Random(seed)
    now = now or datetime.now(UTC)
    topics = list(TOPICS.values())
    pools = [[_sentence(rnd, words) for _ in range(3000)] for _label, words in topics]
    tags_by_topic = [[t * 5 + i for i in range(5)] for t in range(len(topics))]
    import opencc

    to_traditional = opencc.OpenCC("s2t")
    span = 3 * 365 * 86400
    for _ in range(count):
        topic = rnd.randrange(len(topics))
        words = topics[topic][1]
        pool = pools[topic]
        # Briefs to features: 2–60 sentences (~45 characters each), most around 18.
        length = min(60, max(2, int(rnd.lognormvariate(2.9, 0.5))))
        sentences = rnd.choices(pool, k=length)
        own = _sentence(rnd, words)
        if rnd.random() < 0.003:
            own = own[:-1] + f"，其中{rnd.choice(RARE)}一项格外引人注目。"
        sentences.insert(rnd.randrange(len(sentences) + 1), own)
        paragraphs = ["".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4)]
        body = "\n\n".join(paragraphs)
        key = _zipf(rnd, words, 2)
        title = f"{rnd.choice(PLACES)}{key[0]}{rnd.choice(ACTIONS)}，{key[1]}{rnd.choice(['引关注', '有新进展', '成焦点', '见成效'])}"
        summary = sentences[0]
        if rnd.random() < 0.05:
            title, summary, body = (to_traditional.convert(x) for x in (title, summary, body))
        # Three years back; one in a thousand scheduled up to a week ahead.
        offset = -rnd.uniform(0, 7 * 86400) if rnd.random() < 0.001 else rnd.uniform(0, span) ** 1.0
        published = now - timedelta(seconds=offset)
        tags = tuple(sorted(set(rnd.sample(tags_by_topic[topic], rnd.randint(0, 2)))))
        yield Generated(title, summary, body, published, topic, tags)
