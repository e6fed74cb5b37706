"""Short news stories written for the enrichment tests: each mentions generic words an
editor would never keep as a tag (项目, 全区, 管理方, 问价, 有效证件, 末班) beside the names,
places and organisations that say what it is about, and opens with credits and a dateline."""

from __future__ import annotations

#: Words that must never be chosen as keywords of these stories.
GENERIC = {"项目", "全区", "管理方", "问价", "有效证件", "末班", "记者", "通讯员", "市民", "工作", "问题"}

BUS = {
    "title": "218路公交延伸至青石镇",
    "paragraphs": [
        "本报讯（记者 王五 通讯员 赵六）记者昨日从江城公交集团获悉，12月1日起218路公交线路将从城南枢纽延伸至青石镇，沿线新增站点六个。",
        "江城公交集团运营部负责人介绍，延伸后的218路全程约二十四公里，首班车六点发车，末班车二十二点发车。"
        "青石镇的居民此前去城南枢纽需要换乘两次，延伸后可以一车直达。",
        "据了解，青石镇卫生院、青石中学都在新增站点附近。江城公交集团表示，乘客凭有效证件可在青石镇站服务点办理老年卡，"
        "管理方将根据客流调整发车间隔。",
        "（责任编辑：孙八）",
    ],
}

MARKET = {
    "title": "江城蔬菜价格回落",
    "paragraphs": [
        "新华社江城11月20日电（记者 李四）随着本地冬季蔬菜集中上市，江城各大农贸市场的蔬菜价格近一周明显回落，白菜、萝卜每斤降了三到五角。",
        "在城北农贸市场，不少顾客一早就来问价。摊主老周说，本地白菜今年丰收，批发价比上月低了三成，萝卜和菠菜也跟着降价。",
        "江城市场监管局表示，将继续监测农贸市场的蔬菜价格，白菜、萝卜等冬季蔬菜供应充足。",
        "本文转载自江城日报，未经授权不得转载。",
    ],
}

PARKS = {
    "title": "源汇区新建三座口袋公园",
    "paragraphs": [
        "源汇区今年新建口袋公园三座，全区的口袋公园达到二十一座。口袋公园建在老旧小区之间，居民步行五分钟就能到达。",
        "源汇区园林绿化中心负责人说，这批公园项目种植了银杏、香樟等乔木一千余棵，秋天的银杏叶吸引了不少人拍照。",
        "明年源汇区还将在沙河沿岸建设两座口袋公园，项目已经完成设计。",
        "扫码关注江城发布微信公众号，获取更多资讯。",
    ],
}

STORIES = [BUS, MARKET, PARKS]


def text_of(story: dict) -> str:
    return "\n".join(story["paragraphs"])


def page_of(story: dict) -> str:
    """The story as a news page a folder source can collect."""
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in story["paragraphs"])
    return (
        f"<html><head><meta charset='utf-8'><title>{story['title']}</title></head><body>"
        f"<div class='article'><h1>{story['title']}</h1><div class='content'>{paragraphs}</div></div></body></html>"
    )
