"""Realistic synthetic parties, patents and listings, for ``adjudicator demo`` and the benchmarks.

Every generator takes a seeded :class:`random.Random` and draws from nothing else, so the same
seed gives the same data on every machine (no clock, no set iteration order). The numbers are
made up but pass their checks: credit codes (统一社会信用代码) and resident ID numbers
(居民身份证号码) carry correct check characters, patent numbers (专利号) are valid post-2003
numbers. Names, addresses and titles imitate what a station in 呼和浩特 sees: many local parties,
many sellers from 浙江义乌 and 广东. Platform complaint numbers follow invented but plausible
formats; listing links use each platform's real URL shape with random item ids.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from adjudicator.cases.identifiers import (
    CREDIT_CODE_ALPHABET,
    PatentKind,
    credit_code_check_character,
    patent_check_character,
    resident_id_check_character,
)

__all__ = [
    "DemoCompany",
    "DemoListing",
    "DemoPatent",
    "address",
    "claims_relied_on",
    "company",
    "ecommerce_platform",
    "patent",
    "person_name",
    "phone",
    "resident_id",
]

# ---------------------------------------------------------------------------------------------
# People

# Most common surnames, weighted roughly by their share of the population (per mille).
_SURNAMES = (
    ("王", 71), ("李", 70), ("张", 67), ("刘", 54), ("陈", 46), ("杨", 31), ("黄", 25), ("赵", 23),
    ("吴", 20), ("周", 19), ("徐", 15), ("孙", 15), ("马", 14), ("朱", 13), ("胡", 12), ("郭", 11),
    ("何", 10), ("高", 10), ("林", 10), ("罗", 9), ("郑", 8), ("梁", 7), ("谢", 7), ("宋", 6),
    ("唐", 6), ("许", 6), ("韩", 6), ("冯", 5), ("邓", 5), ("曹", 5), ("彭", 5), ("曾", 4), ("田", 4),
    ("董", 4), ("袁", 4), ("潘", 4), ("于", 4), ("蒋", 4), ("蔡", 4), ("杜", 3), ("叶", 3), ("程", 3),
    ("魏", 3), ("苏", 3), ("吕", 3), ("丁", 3), ("任", 3), ("姚", 3), ("卢", 3), ("姜", 3), ("崔", 2),
    ("范", 2), ("石", 2), ("贾", 2), ("白", 2), ("孟", 2), ("侯", 2), ("郝", 2), ("武", 2), ("云", 1),
)
_GIVEN_NAMES = (
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "霞", "平", "刚", "鑫", "宇", "浩", "婷", "雪", "慧", "斌", "凯", "颖", "琳",
    "秀英", "桂英", "建国", "建华", "志强", "海燕", "秀兰", "玉兰", "晓东", "红梅", "永刚", "俊杰",
    "丽娟", "文博", "子涵", "浩然", "雨萱", "欣怡", "梓萱", "一诺", "宇航", "家豪", "思远", "雅琴",
    "春梅", "海涛", "志刚", "晓燕", "国庆", "利民", "振华", "佳怡", "瑞雪", "天宇", "博文", "明轩",
    "淑珍", "凤英", "德明", "金龙", "晓峰", "亚楠", "婉婷", "嘉欣", "东升", "新民",
)
# Mongolian given names, often used without a Han surname or with 包 / 白 / 云 / 奇.
_MONGOLIAN_NAMES = (
    "巴特尔", "额尔敦", "乌云", "其其格", "斯琴", "格日勒", "苏日娜", "哈斯", "宝音", "朝鲁",
    "阿拉坦", "娜仁", "图雅", "乌兰", "孟和", "那顺", "萨仁高娃", "巴图", "敖登", "乌日娜",
)
_MONGOLIAN_SURNAMES = ("包", "白", "云", "奇", "鲍")


def person_name(rng: random.Random) -> str:
    """A Chinese personal name (姓名), now and then a Mongolian one."""
    if rng.random() < 0.06:
        given = rng.choice(_MONGOLIAN_NAMES)
        return given if rng.random() < 0.5 else rng.choice(_MONGOLIAN_SURNAMES) + given
    surname = rng.choices([s for s, _ in _SURNAMES], weights=[w for _, w in _SURNAMES])[0]
    return surname + rng.choice(_GIVEN_NAMES)


# ---------------------------------------------------------------------------------------------
# Places

@dataclass(frozen=True)
class _Locality:
    province: str  # as written at the head of an address; "" for 北京市 etc. given in ``city``
    city: str
    district: str
    region_code: str  # 行政区划代码, as in ID numbers and credit codes
    company_prefixes: tuple[str, ...]
    streets: tuple[str, ...]
    weight: int


_NEI_MONGGOL = "内蒙古自治区"
_LOCALITIES = (
    _Locality(_NEI_MONGGOL, "呼和浩特市", "新城区", "150102", ("内蒙古", "呼和浩特市"),
              ("新华东街", "成吉思汗大街", "兴安北路", "海拉尔东路", "东影南路"), 10),
    _Locality(_NEI_MONGGOL, "呼和浩特市", "回民区", "150103", ("内蒙古", "呼和浩特市"),
              ("中山西路", "通道北街", "新华西街", "钢铁路"), 8),
    _Locality(_NEI_MONGGOL, "呼和浩特市", "玉泉区", "150104", ("内蒙古", "呼和浩特市"),
              ("南二环路", "石羊桥路", "大召前街", "昭君路"), 8),
    _Locality(_NEI_MONGGOL, "呼和浩特市", "赛罕区", "150105", ("内蒙古", "呼和浩特市"),
              ("大学东街", "昭乌达路", "腾飞南路", "敕勒川大街", "丰州路"), 10),
    _Locality(_NEI_MONGGOL, "包头市", "昆都仑区", "150203", ("内蒙古", "包头市"),
              ("钢铁大街", "阿尔丁大街", "林荫路"), 3),
    _Locality(_NEI_MONGGOL, "鄂尔多斯市", "东胜区", "150602", ("内蒙古", "鄂尔多斯市"),
              ("鄂尔多斯西街", "伊金霍洛西街"), 2),
    _Locality("浙江省", "义乌市", "稠城街道", "330782", ("义乌市", "浙江"),
              ("工人北路", "城中中路", "宾王路", "福田路"), 8),
    _Locality("浙江省", "杭州市", "余杭区", "330110", ("杭州", "浙江"), ("文一西路", "五常大道"), 3),
    _Locality("浙江省", "永康市", "东城街道", "330784", ("永康市", "浙江"), ("九铃东路", "华溪路"), 2),
    _Locality("广东省", "深圳市", "宝安区", "440306", ("深圳市",), ("宝安大道", "新安六路"), 4),
    _Locality("广东省", "深圳市", "南山区", "440305", ("深圳市",), ("科技南十二路", "深南大道"), 3),
    _Locality("广东省", "广州市", "白云区", "440111", ("广州市", "广东"), ("白云大道北", "机场路"), 2),
    _Locality("广东省", "东莞市", "长安镇", "441900", ("东莞市", "广东"), ("长安中路", "振安中路"), 2),
    _Locality("", "北京市", "朝阳区", "110105", ("北京",), ("建国路", "东三环中路"), 2),
    _Locality("", "上海市", "闵行区", "310112", ("上海",), ("七莘路", "虹梅南路"), 2),
    _Locality("江苏省", "苏州市", "吴中区", "320506", ("苏州", "江苏"), ("东吴北路", "宝带东路"), 1),
    _Locality("福建省", "泉州市", "晋江市", "350582", ("晋江市", "福建"), ("世纪大道", "泉安中路"), 1),
    _Locality("河北省", "保定市", "白沟新城", "130684", ("保定", "河北"), ("和道路", "白沟大道"), 1),
)
_BUILDINGS = ("小区", "花园", "家园", "大厦", "广场", "商务中心")
# Resident ID region codes beyond the localities above (Inner Mongolian banners and cities).
_EXTRA_ID_REGIONS = ("150121", "150122", "150221", "150402", "152502", "152201", "150802")


def _locality(rng: random.Random) -> _Locality:
    return rng.choices(_LOCALITIES, weights=[place.weight for place in _LOCALITIES])[0]


def _address_in(rng: random.Random, place: _Locality) -> str:
    street = f"{rng.choice(place.streets)}{rng.randint(1, 399)}号"
    if rng.random() < 0.5:
        estate = rng.choice(_WORDS) + rng.choice(_BUILDINGS)
        street += f"{estate}{rng.randint(1, 28)}号楼{rng.randint(1, 6)}单元{rng.randint(1, 26)}0{rng.randint(1, 4)}室"
    return f"{place.province}{place.city}{place.district}{street}"


def address(rng: random.Random) -> str:
    """A postal address, most often in one of 呼和浩特's four districts."""
    return _address_in(rng, _locality(rng))


def phone(rng: random.Random) -> str:
    """A mobile number (13x/15x/18x) or a 呼和浩特 landline (0471-xxxxxxx)."""
    if rng.random() < 0.75:
        prefix = rng.choice(("13", "15", "18")) + str(rng.randint(0, 9))
        return prefix + "".join(str(rng.randint(0, 9)) for _ in range(8))
    return f"0471-{rng.randint(3, 6)}{rng.randint(0, 999_999):06d}"


def resident_id(rng: random.Random, birth_year_range: tuple[int, int] = (1960, 2000)) -> str:
    """An 18-character resident ID number with a correct check character (synthetic)."""
    if rng.random() < 0.7:
        region = _locality(rng).region_code
    else:
        region = rng.choice(_EXTRA_ID_REGIONS)
    first = date(birth_year_range[0], 1, 1)
    last = date(birth_year_range[1], 12, 31)
    born = first + timedelta(days=rng.randint(0, (last - first).days))
    first17 = f"{region}{born:%Y%m%d}{rng.randint(1, 999):03d}"
    return first17 + resident_id_check_character(first17)


# ---------------------------------------------------------------------------------------------
# Companies

# Trade names (字号) and industry words.
_WORDS = (
    "蒙达", "草原", "鑫源", "恒信", "博远", "华创", "优品", "佳美", "金桥", "青城", "北疆", "天骄",
    "伊禾", "骏马", "瑞丰", "宏达", "众诚", "汇通", "新禾", "锦程", "盛世", "启航", "聚美", "万家",
    "乐享", "晨光", "森活", "悦途", "智联", "云帆", "精诚", "美途", "嘉禾", "长风", "星辰", "安泰",
)
_INDUSTRIES = (
    "科技", "电子商务", "实业", "贸易", "日用品", "电子", "家居用品", "机械设备", "智能科技",
    "生物科技", "食品", "服饰", "五金制品", "文化用品",
)
_COMPANY_FORMS = (("有限公司", 80), ("有限责任公司", 15), ("股份有限公司", 5))


@dataclass(frozen=True)
class DemoCompany:
    """A synthetic organisation party with a valid unified social credit code."""

    name: str
    credit_code: str
    legal_representative: str
    address: str
    phone: str


def _organization_code(rng: random.Random) -> str:
    """A 9-character organisation code (GB 11714) with its own check character."""
    if rng.random() < 0.6:  # codes issued since 2015 begin with MA
        body = "MA" + "".join(rng.choice(CREDIT_CODE_ALPHABET) for _ in range(6))
    else:
        body = "".join(str(rng.randint(0, 9)) for _ in range(8))
    total = sum(int(c, 36) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2)))
    check = (11 - total % 11) % 11
    return body + ("X" if check == 10 else str(check))


def company(rng: random.Random) -> DemoCompany:
    """A company: 内蒙古某某科技有限公司, 义乌市某某日用品有限公司, 深圳市某某实业有限公司 …"""
    place = _locality(rng)
    form = rng.choices([f for f, _ in _COMPANY_FORMS], weights=[w for _, w in _COMPANY_FORMS])[0]
    name = rng.choice(place.company_prefixes) + rng.choice(_WORDS) + rng.choice(_INDUSTRIES) + form
    first17 = "91" + place.region_code + _organization_code(rng)
    return DemoCompany(
        name=name,
        credit_code=first17 + credit_code_check_character(first17),
        legal_representative=person_name(rng),
        address=_address_in(rng, place),
        phone=phone(rng),
    )


# ---------------------------------------------------------------------------------------------
# Patents

_TITLES: dict[PatentKind, tuple[str, ...]] = {
    "utility_model": (
        "一种可折叠的手机支架", "一种便携式榨汁杯", "一种带有加热功能的保温饭盒", "一种自动伸缩的晾衣架",
        "一种宠物自动喂食器", "一种多功能婴儿推车", "一种防滑瑜伽垫", "一种可调节角度的笔记本电脑支架",
        "一种带USB接口的插线板", "一种挂脖式风扇", "一种免打孔浴室置物架", "一种儿童安全座椅的连接结构",
        "一种LED护眼台灯", "一种折叠式收纳箱", "一种电动牙刷的刷头", "一种车载手机无线充电支架",
        "一种奶茶封口机", "一种牛肉干晾晒架", "一种马奶酒发酵罐", "一种草原围栏用立柱", "一种羊绒衫熨烫装置",
    ),
    "design": (
        "保温杯（304）", "手机壳（iPhone 15）", "蓝牙耳机（TWS-08）", "包装盒（牛肉干）", "台灯（折叠式）",
        "充电宝（迷你）", "儿童水杯（吸管式）", "加湿器（桌面）", "奶茶杯", "蒙古包帐篷", "砖茶包装盒",
        "电动牙刷", "瑜伽垫（印花）", "宠物窝", "收纳盒（抽屉式）", "帆布包", "鼠标（无线）", "香薰机",
        "围巾（羊绒）", "零食包装袋（奶酪）",
    ),
    "invention": (
        "一种马铃薯淀粉的制备方法", "一种羊绒纤维的染色方法", "一种乳酸菌发酵乳的制备方法",
        "一种锂离子电池正极材料及其制备方法", "一种稀土永磁材料的制备方法", "一种风力发电机组的变桨控制方法",
        "一种基于图像识别的商品侵权检测方法及系统", "一种奶酪的加工工艺", "一种可降解塑料餐盒及其制备方法",
        "一种光伏组件清洁机器人的控制方法", "一种沙棘果汁的制备方法", "一种燕麦饮料及其制备方法",
        "一种煤矸石制备陶粒的方法", "一种智能电表数据采集系统及方法", "一种蒙药组合物及其制备方法",
        "一种高强度镁合金及其制备方法", "一种电动自行车电池管理方法", "一种肉制品的低温保鲜方法",
        "一种多晶硅的提纯方法", "一种土壤改良剂及其制备方法",
    ),
}
# Type digit, weight, largest serial: e-commerce disputes are mostly over utility models and designs.
_PATENT_TYPES = (("2", 45, 3_999_999), ("3", 30, 1_999_999), ("1", 17, 1_599_999), ("8", 5, 99_999),
                 ("9", 3, 19_999))
_TYPE_KINDS: dict[str, PatentKind] = {
    "1": "invention", "2": "utility_model", "3": "design", "8": "invention", "9": "utility_model",
}
# Days from application to grant (授权公告), by kind.
_GRANT_DELAYS: dict[PatentKind, tuple[int, int]] = {
    "utility_model": (150, 420), "design": (90, 300), "invention": (500, 1400),
}


@dataclass(frozen=True)
class DemoPatent:
    """A synthetic granted patent with a valid number."""

    number: str  # normalised: "ZL201620161392.4"
    kind: PatentKind
    pct: bool
    title: str
    application_date: date
    grant_date: date


def _patent_number(year: int, type_digit: str, serial: int) -> str:
    digits = f"{year}{type_digit}{serial:07d}"
    return f"ZL{digits}.{patent_check_character(digits)}"


def patent(rng: random.Random, year_range: tuple[int, int] = (2012, 2025)) -> DemoPatent:
    """A granted patent filed within ``year_range`` and granted no later than its last year."""
    type_digit, _, largest_serial = rng.choices(_PATENT_TYPES, weights=[t[1] for t in _PATENT_TYPES])[0]
    kind = _TYPE_KINDS[type_digit]
    delay = timedelta(days=rng.randint(*_GRANT_DELAYS[kind]))
    earliest = date(year_range[0], 1, 1)
    latest = max(earliest, date(year_range[1], 12, 31) - delay)
    applied = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
    return DemoPatent(
        number=_patent_number(applied.year, type_digit, rng.randint(1, largest_serial)),
        kind=kind,
        pct=type_digit in "89",
        title=rng.choice(_TITLES[kind]),
        application_date=applied,
        grant_date=applied + delay,
    )


def claims_relied_on(rng: random.Random, claim_count: int = 10) -> str:
    """The claims a requester relies on (请求保护的权利要求), always including claim 1: "权利要求1、3、5"."""
    others = rng.sample(range(2, claim_count + 1), k=rng.randint(0, min(3, claim_count - 1)))
    return "权利要求" + "、".join(str(n) for n in sorted([1, *others]))


# ---------------------------------------------------------------------------------------------
# E-commerce listings

@dataclass(frozen=True)
class DemoListing:
    """A shop on a platform, the listings complained of, and the platform's complaint number."""

    platform: str
    shop_name: str
    listing_urls: tuple[str, ...]
    complaint_number: str


def _digits(rng: random.Random, count: int, first: str = "123456789") -> str:
    return rng.choice(first) + "".join(str(rng.randint(0, 9)) for _ in range(count - 1))


_LISTING_URLS: dict[str, Callable[[random.Random], str]] = {
    "淘宝": lambda rng: f"https://item.taobao.com/item.htm?id={_digits(rng, 12, '67')}",
    "天猫": lambda rng: f"https://detail.tmall.com/item.htm?id={_digits(rng, 12, '67')}",
    "京东": lambda rng: f"https://item.jd.com/{_digits(rng, rng.choice((11, 12, 14)), '1')}.html",
    "拼多多": lambda rng: f"https://mobile.yangkeduo.com/goods.html?goods_id={_digits(rng, rng.randint(9, 12))}",
    "抖音电商": lambda rng: f"https://haohuo.jinritemai.com/views/product/detail?id={_digits(rng, 19, '3')}",
    "快手小店": lambda rng: f"https://app.kwaixiaodian.com/merchant/shop/detail?id={_digits(rng, 13, '2')}",
    "1688": lambda rng: f"https://detail.1688.com/offer/{_digits(rng, 12, '567')}.html",
}
# Platform, weight, complaint-number prefix (formats invented for demonstration).
_PLATFORMS = (("淘宝", 30, "IPP"), ("拼多多", 20, "PDDZSCQ"), ("天猫", 15, "IPP"), ("京东", 12, "JDIPR"),
              ("抖音电商", 10, "DYTS"), ("1688", 7, "IPP"), ("快手小店", 6, "KSWQ"))
_CATEGORIES = ("家居", "日用", "数码", "母婴", "厨具", "宠物用品", "户外", "文具", "五金", "食品")


def _shop_name(rng: random.Random, platform: str) -> str:
    brand, category = rng.choice(_WORDS), rng.choice(_CATEGORIES)
    if platform == "天猫":
        return brand + rng.choice(("旗舰店", "官方旗舰店", "专卖店", f"{category}专营店"))
    if platform == "京东":
        return brand + rng.choice(("京东自营旗舰店", "官方旗舰店", f"{category}专营店"))
    if platform == "1688":
        return company(rng).name
    if platform == "拼多多":
        return rng.choice((f"{brand}{category}百货", f"{brand}工厂店", f"义乌{category}批发"))
    if platform == "抖音电商":
        return rng.choice((f"{brand}官方旗舰店", f"{brand}{category}好物"))
    if platform == "快手小店":
        return f"{rng.choice(_SURNAMES)[0]}姐{category}优选"
    return rng.choice((f"小{rng.choice(_SURNAMES)[0]}家的{category}铺", f"{brand}{category}店",
                       f"{brand}{category}源头工厂店"))


def ecommerce_platform(rng: random.Random) -> DemoListing:
    """A shop on 淘宝, 天猫, 京东, 拼多多, 抖音电商, 快手小店 or 1688, with 1–3 listing links."""
    platform, _, prefix = rng.choices(_PLATFORMS, weights=[p[1] for p in _PLATFORMS])[0]
    urls = tuple(_LISTING_URLS[platform](rng) for _ in range(rng.choices((1, 2, 3), weights=(6, 3, 1))[0]))
    complaint = f"{prefix}{rng.randint(2021, 2025)}{_digits(rng, 10, '0123456789')}"
    return DemoListing(platform=platform, shop_name=_shop_name(rng, platform), listing_urls=urls,
                       complaint_number=complaint)
