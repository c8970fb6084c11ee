"""Demo evidence (演示证据) for ``adjudicator demo``: realistic exhibit lists and a few small files.

Every case gets an evidence list: the requester's patent certificate and register copy, the
notarised or time-stamped capture of the listing (e-commerce) or the notarised test purchase and
the product itself, identity papers; the respondent's and the office's material once the case has
progressed; cross-examination opinions and findings on decided cases.

Files stay few: a register extract (a one-page PDF) and a listing "screenshot" (a PNG) are drawn
for the newest cases only (about :data:`PERSONAL_CAP` per chunk), and every other case points at
one of a small pool of such files, stored once by content address however many cases cite them.
Demo of 100,000 cases thus adds a few MB to the disk, not gigabytes.
"""

from __future__ import annotations

import io
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from adjudicator.demo import data as D
from adjudicator.demo.ids import demo_uuid
from adjudicator.documents.fonts import load_fonts
from adjudicator.evidence.filestore import FileStore, session_file_store
from adjudicator.store.models import EcommerceDetail, Party, Patent, Station
from adjudicator.store.models_evidence import Exhibit, ExhibitFile

PERSONAL_CAP = 24
POOL_SIZE = 8
_DECIDED = ("decided", "mediated", "archived", "withdrawn")
_PLATFORM_COLOURS = {"淘宝": "#ff5000", "天猫": "#ff0036", "京东": "#e1251b", "拼多多": "#e02e24",
                     "抖音电商": "#161823", "快手小店": "#ff4906", "1688": "#ff6a00"}
_KIND_LABELS = {"invention": "发明", "utility_model": "实用新型", "design": "外观设计"}


@dataclass(frozen=True)
class DemoFile:
    name: str
    media_type: str
    data: bytes


# -- the files ------------------------------------------------------------------------------------

def register_extract_pdf(number: str, kind: str, title: str, patentee: str, applied: date, granted: date) -> bytes:
    """A one-page 专利登记簿副本 (patent register extract) for a patent."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    fonts = load_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(f"专利登记簿副本 {number}")
    width, height = A4
    c.setFont(fonts.song.name, 20)
    c.drawCentredString(width / 2, height - 40 * mm, "专 利 登 记 簿 副 本")
    c.setFont(fonts.song.name, 10)
    c.drawCentredString(width / 2, height - 48 * mm, "（演示数据，非真实文件）")
    rows = [("专利号", number), ("专利类型", _KIND_LABELS.get(kind, kind)), ("发明创造名称", title),
            ("申请日", f"{applied:%Y年%m月%d日}"), ("授权公告日", f"{granted:%Y年%m月%d日}"),
            ("专利权人", patentee), ("法律状态", "专利权维持"),
            ("年费缴纳情况", f"已缴纳至第{min(20, date.today().year - applied.year + 1)}年度"),
            ("专利权的质押、保全及其解除", "无"), ("专利实施许可合同备案", "无")]
    top = height - 60 * mm
    c.setLineWidth(0.6)
    for i, (label, value) in enumerate(rows):
        y = top - i * 11 * mm
        c.rect(25 * mm, y - 11 * mm, 160 * mm, 11 * mm)
        c.line(80 * mm, y, 80 * mm, y - 11 * mm)
        c.setFont(fonts.song.name, 10.5)
        c.drawString(28 * mm, y - 7 * mm, label)
        c.drawString(83 * mm, y - 7 * mm, value[:46])
    c.setFont(fonts.song.name, 11)
    c.drawRightString(185 * mm, top - len(rows) * 11 * mm - 20 * mm, "国家知识产权局")
    c.drawRightString(185 * mm, top - len(rows) * 11 * mm - 28 * mm, f"{min(date.today(), granted + timedelta(days=400)):%Y年%m月%d日}")
    c.showPage()
    c.save()
    return buf.getvalue()


@lru_cache(maxsize=16)
def _pil_font(size: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(str(load_fonts().heading1.path), size)


def listing_screenshot_png(platform: str, shop: str, title: str, url: str, price: str, taken: datetime) -> bytes:
    """A PNG "screenshot" of a product listing page, as a time-stamped capture would show it."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (900, 620), "#f4f4f4")
    draw = ImageDraw.Draw(img)
    colour = _PLATFORM_COLOURS.get(platform, "#ff5000")
    draw.rectangle((0, 0, 900, 64), fill=colour)
    draw.text((24, 16), platform, font=_pil_font(26), fill="white")
    draw.rounded_rectangle((200, 14, 760, 50), radius=18, fill="white")
    draw.text((220, 22), "搜索宝贝", font=_pil_font(16), fill="#999999")
    draw.rectangle((24, 88, 404, 468), fill="#ffffff", outline="#dddddd")
    draw.rounded_rectangle((110, 170, 318, 400), radius=30, fill="#cfd8dc", outline="#90a4ae", width=4)
    draw.ellipse((180, 200, 248, 268), fill="#90a4ae")
    draw.text((430, 96), title[:18], font=_pil_font(24), fill="#222222")
    draw.text((430, 136), title[18:36], font=_pil_font(24), fill="#222222")
    draw.text((430, 190), "¥", font=_pil_font(22), fill=colour)
    draw.text((452, 180), price, font=_pil_font(36), fill=colour)
    draw.text((430, 240), f"月销 {len(shop) * 137}+　　包邮　　7天无理由退货", font=_pil_font(16), fill="#666666")
    draw.rectangle((430, 300, 870, 380), fill="#ffffff", outline="#eeeeee")
    draw.text((446, 318), f"店铺：{shop}", font=_pil_font(20), fill="#333333")
    draw.text((446, 348), "描述 4.8　服务 4.8　物流 4.7", font=_pil_font(14), fill="#999999")
    draw.rounded_rectangle((430, 410, 640, 460), radius=24, fill="#ffb000")
    draw.text((488, 422), "加入购物车", font=_pil_font(20), fill="white")
    draw.rounded_rectangle((660, 410, 870, 460), radius=24, fill=colour)
    draw.text((728, 422), "立即购买", font=_pil_font(20), fill="white")
    draw.rectangle((0, 560, 900, 620), fill="#263238")
    draw.text((24, 570), url[:90], font=_pil_font(14), fill="#cfd8dc")
    draw.text((24, 592), f"取证时间 {taken:%Y-%m-%d %H:%M:%S}　可信时间戳（演示数据）", font=_pil_font(14),
              fill="#ffcc80")
    out = io.BytesIO()
    img.quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(out, format="PNG")
    return out.getvalue()


@lru_cache(maxsize=1)
def _pool() -> tuple[tuple[DemoFile, DemoFile], ...]:
    """Generic register extracts and screenshots that cases without their own files share."""
    rng = random.Random(20260301)
    pool = []
    for _ in range(POOL_SIZE):
        pat = D.patent(rng)
        listing = D.ecommerce_platform(rng)
        pdf = register_extract_pdf(pat.number, pat.kind, pat.title, D.company(rng).name, pat.application_date,
                                   pat.grant_date)
        png = listing_screenshot_png(listing.platform, listing.shop_name, pat.title + "（同款）",
                                     listing.listing_urls[0], f"{rng.randint(19, 299)}.{rng.choice(('00', '90'))}",
                                     datetime(2025, rng.randint(1, 12), rng.randint(1, 28), 10, rng.randint(0, 59)))
        pool.append((DemoFile("专利登记簿副本.pdf", "application/pdf", pdf),
                     DemoFile("商品页面截图.png", "image/png", png)))
    return tuple(pool)


# -- the rows -------------------------------------------------------------------------------------

Row = dict[str, Any]
_REQUESTER_XE = ["对真实性、合法性无异议，对关联性有异议。", "对真实性无异议。", "无异议。",
                 "对证明目的有异议，被控侵权产品与涉案专利不同。"]
_RESPONDENT_XE = ["对真实性有异议，单据系事后补制。", "不能证明被控侵权产品的来源。",
                  "对比文件公开日晚于涉案专利申请日，不构成现有技术。"]


def _plan(dc: Any, rng: random.Random) -> list[tuple[str, str, str, str, dict[str, Any], str]]:
    """(side, title, kind, purpose, flags, file key) for each exhibit of a case; key '' means no file."""
    shop_hint = "网络店铺" if dc.kind == "ecommerce" else "经营场所"
    items: list[tuple[str, str, str, str, dict[str, Any], str]] = [
        ("requester", "专利证书及专利登记簿副本", "documentary", "证明请求人是涉案专利的专利权人，涉案专利权合法有效。",
         {"original": False}, "register"),
    ]
    if dc.patent_kind != "invention" and rng.random() < 0.5:
        label = "实用新型" if dc.patent_kind == "utility_model" else "外观设计"
        items.append(("requester", f"{label}专利权评价报告", "documentary", "证明涉案专利权稳定，具备授权条件。",
                      {"original": False}, ""))
    if dc.kind == "ecommerce":
        items.append(("requester", "可信时间戳认证证书及商品页面截图", "electronic",
                      f"证明被请求人在{shop_hint}销售、许诺销售被控侵权产品。",
                      {"original": True, "notarised": rng.random() < 0.3}, "listing"))
    else:
        items.append(("requester", f"（{dc.received_on.year}）内证经字第{rng.randint(100, 9999)}号公证书",
                      "documentary", "证明被请求人销售被控侵权产品的事实及购买过程。",
                      {"original": True, "notarised": True}, ""))
        items.append(("requester", "被控侵权产品实物", "physical", "证明被控侵权产品的技术特征落入涉案专利保护范围。",
                      {"original": True, "physical": True}, ""))
    if rng.random() < 0.6:
        items.append(("requester", "请求人主体资格证明", "documentary", "证明请求人的主体资格。", {"original": False}, ""))
    if dc.status not in ("received", "refused") and rng.random() < 0.55:
        items.append(("respondent", "进货单据及付款凭证", "documentary", "证明被控侵权产品具有合法来源。",
                      {"original": rng.random() < 0.5}, ""))
        if rng.random() < 0.3:
            items.append(("respondent", f"现有技术对比文件CN{rng.randint(100000000, 119999999)}U", "documentary",
                          "证明被控侵权产品实施的是现有技术。", {"original": False}, ""))
    if dc.kind == "infringement" and dc.status != "received" and rng.random() < 0.4:
        items.append(("office", "现场检查笔录及照片", "inspection", "证明现场检查发现的被控侵权产品情况。",
                      {"original": True}, ""))
    return items


def _exam(side: str, decided: bool, rng: random.Random) -> dict[str, str]:
    if not decided:
        return {"cross_exam": "", "finding": "", "finding_reason": ""}
    if side == "requester":
        finding = rng.choices(["accepted", "partly"], [85, 15])[0]
        return {"cross_exam": rng.choice(_REQUESTER_XE), "finding": finding,
                "finding_reason": "" if finding == "accepted" else "真实性予以确认，证明目的结合其他证据认定。"}
    finding = rng.choices(["rejected", "partly", "accepted"], [60, 25, 15])[0]
    return {"cross_exam": rng.choice(_RESPONDENT_XE) if side == "respondent" else "无异议。", "finding": finding,
            "finding_reason": {"rejected": "不能与被控侵权产品相对应，不予采信。",
                               "partly": "部分内容与本案相关，予以部分采信。", "accepted": ""}[finding]}


def _submitters(s: Session, cases: list[Any]) -> dict[tuple[uuid.UUID, str], str]:
    """Who submitted each side's evidence: the first party of that role, or the station."""
    ids = [c.id for c in cases]
    out: dict[tuple[uuid.UUID, str], str] = {}
    rows = s.execute(select(Party.case_id, Party.role, Party.name).where(Party.case_id.in_(ids))
                     .order_by(Party.sort_order.desc())).all()
    for case_id, role, name in rows:
        out[(case_id, role)] = name  # descending order: the first party wins
    stations = {code: name for code, name in s.execute(select(Station.code, Station.name))}
    for c in cases:
        out[(c.id, "office")] = stations.get(c.station, "本机关")
    return out


def _personal_ids(cases: list[Any]) -> set[uuid.UUID]:
    """The newest cases of this chunk, if they are among the newest overall (judged by date density)."""
    if not cases:
        return set()
    span = max(1, (cases[-1].received_on - cases[0].received_on).days + 1)
    window = PERSONAL_CAP * span / len(cases)  # days that hold about PERSONAL_CAP cases
    newest = [c for c in cases if (date.today() - c.received_on).days <= window]
    return {c.id for c in newest[-PERSONAL_CAP:]}


def _personal_files(s: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, dict[str, DemoFile]]:
    if not ids:
        return {}
    patents = {p.case_id: p for p in s.scalars(select(Patent).where(Patent.case_id.in_(ids)))}
    shops = {e.case_id: e for e in s.scalars(select(EcommerceDetail).where(EcommerceDetail.case_id.in_(ids)))}
    out: dict[uuid.UUID, dict[str, DemoFile]] = {}
    for case_id, pat in patents.items():
        files = {"register": DemoFile(f"专利登记簿副本（{pat.number}）.pdf", "application/pdf", register_extract_pdf(
            pat.number, pat.kind, pat.title, pat.patentee, pat.application_date or date(2018, 1, 1),
            pat.grant_date or date(2019, 1, 1)))}
        shop = shops.get(case_id)
        if shop is not None:
            url = shop.listing_links[0] if shop.listing_links else ""
            files["listing"] = DemoFile(f"{shop.platform}商品页面截图.png", "image/png", listing_screenshot_png(
                shop.platform, shop.shop, pat.title, url, "59.90", datetime(2025, 12, 1, 10, 15)))
        out[case_id] = files
    return out


def _file_row(store: FileStore, f: DemoFile, ex: Row, stored: dict[int, str]) -> Row:
    sha = stored.get(id(f.data))  # each pooled file is written (or found) once per chunk
    if sha is None:
        sha = stored[id(f.data)] = store.add_bytes(f.data).sha256
    return {**{k: ex[k] for k in ("owner_station", "created_at", "updated_at", "deleted_at", "case_id")},
            "id": uuid.uuid5(ex["id"], "file-1"), "version": 1, "exhibit_id": ex["id"],
            "sort_order": 1, "name": f.name, "size": len(f.data), "media_type": f.media_type, "sha256": sha}


def enrich_demo_cases(session: Session, rng: random.Random, cases: list[Any]) -> None:
    """Add evidence lists (and a bounded number of files) to one chunk of generated demo cases."""
    store = session_file_store(session)
    pool = _pool() if store is not None else ()
    personal = _personal_files(session, _personal_ids(cases)) if store is not None else {}
    today = date.today()
    exhibits: list[Row] = []
    files: list[Row] = []
    stored: dict[int, str] = {}
    submitters = _submitters(session, cases)
    for dc in cases:
        decided = dc.status in _DECIDED
        numbers = {"requester": 0, "respondent": 0, "office": 0}
        shared = pool[rng.randrange(POOL_SIZE)] if pool else None
        for order, (side, title, kind, purpose, flags, file_key) in enumerate(_plan(dc, rng), start=1):
            numbers[side] += 1
            offset = 0 if side == "requester" else rng.randint(15, 40)
            stamp = _stamp_for(dc.received_on, offset, today)
            ex = {"id": demo_uuid(rng), "case_id": dc.id, "owner_station": dc.station,
                  "version": 1, "created_at": stamp, "updated_at": stamp, "deleted_at": None, "side": side,
                  "number": numbers[side], "sort_order": order, "title": title, "kind": kind,
                  "submitted_by": submitters.get((dc.id, side), ""), "received_on": min(
                      today, dc.received_on + timedelta(days=offset)), "purpose": purpose,
                  "original": flags.get("original", False), "notarised": flags.get("notarised", False),
                  "physical": flags.get("physical", False), **_exam(side, decided, rng)}
            exhibits.append(ex)
            demo_file = _choose_file(file_key, personal.get(dc.id, {}), shared)
            if store is not None and demo_file is not None:
                files.append(_file_row(store, demo_file, ex, stored))
    if exhibits:  # Core inserts: the ORM's bulk path costs 60 % more per row
        session.execute(insert(_table(Exhibit)), exhibits)
    if files:
        session.execute(insert(_table(ExhibitFile)), files)


def _table(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


def _choose_file(key: str, own: dict[str, DemoFile], shared: tuple[DemoFile, DemoFile] | None) -> DemoFile | None:
    if not key:
        return None
    if key in own:
        return own[key]
    if shared is None:
        return None
    return shared[0] if key == "register" else shared[1]


def _stamp_for(received: date, offset: int, today: date) -> datetime:
    day = min(today, received + timedelta(days=offset))
    return datetime.combine(day, time(2, 30), tzinfo=UTC)

