"""The bureau's summary sentences (工作总结用语), written from the figures.

The bureau's year-end report reads "全年办理专利侵权纠纷行政裁决案件2件、电商领域专利侵权纠纷案件272件".
Here "办理" counts the cases *received* in the period (figure ``received`` split by kind), and every
other number is a figure of :data:`~adjudicator.reports.figures.FIGURES` taken from the same
:class:`~adjudicator.reports.statistics.Statistics` the tables show, so text and tables cannot disagree.
Parts whose number is zero are left out, as the bureau writes them; numbers are Arabic.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date

from adjudicator.reports.statistics import StationFigures, Statistics


def period_phrase(start: date, end: date) -> str:
    """How the bureau names a period: 2024年全年, 2026年3月, 2026年1月1日至6月30日."""
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
        return f"{start.year}年全年" if start.year == end.year else f"{start.year}年至{end.year}年"
    if start.year == end.year and start.month == end.month and start.day == 1 \
            and end.day == calendar.monthrange(end.year, end.month)[1]:
        return f"{start.year}年{start.month}月"
    tail = f"{end.month}月{end.day}日" if end.year == start.year else f"{end.year}年{end.month}月{end.day}日"
    return f"{start.year}年{start.month}月{start.day}日至{tail}"


def _cn_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _parts(pairs: Sequence[tuple[str, int]]) -> str:
    return "、".join(f"{label}{n}件" for label, n in pairs if n)


def _days(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def summary_sentences(stats: Statistics, matches: int | None = None, repeats: int | None = None) -> list[str]:
    """The summary paragraph of ``stats`` as sentences (one per topic), in the bureau's style."""
    t = stats.total
    phrase = period_phrase(stats.query.start, stats.query.end)
    who = "" if stats.scope == "supervisor" and len(stats.stations) != 1 else f"{stats.stations[0].name}"
    if stats.empty:
        return [f"{who}{phrase}没有可统计的案件。"]
    lines = [_received(t, who, phrase)]
    lines.append(_filed_closed(t))
    if t.average_days is not None:
        late = f"，超期结案{t['closed_late']}件" if t["closed_late"] else "，均在结案期限内结案"
        lines.append(f"已结案件平均审理天数{_days(t.average_days)}日（扣除中止等不计入审理期限的期间，"
                     f"中位数{_days(t.median_days)}日）{late}。")
    lines.append(_pending(t, stats.period.ref))
    if t["decided"]:
        tail = _parts([("逾期公开", t["published_late"]), ("截至基准日尚未公开", t["unpublished"])])
        lines.append(f"作出行政裁决{t['decided']}件，其中{t['published_in_time']}件在作出后20个工作日内公开"
                     + (f"，{tail}" if tail else "") + "。")
    if t["lawsuits"] or t["enforcement"]:
        lines.append(_lawsuits(t))
    if stats.scope == "supervisor" and len(stats.stations) > 1:
        lines.append(_stations(stats.stations))
    if matches is not None:
        lines.append(f"经比对，发现跨所关联{matches}处" + (f"，其中重复侵权{repeats}处。" if repeats else "。")
                     if matches else "经比对，未发现跨所关联的被请求人、店铺或专利。")
    return lines


def _received(t: StationFigures, who: str, phrase: str) -> str:
    kinds = _parts([("专利侵权纠纷行政裁决案件", t["received_infringement"]),
                    ("电商领域专利侵权纠纷案件", t["received_ecommerce"]),
                    ("专利纠纷调解案件", t["received_mediation"])])
    patents = _parts([("发明专利", t["patent_invention"]), ("实用新型专利", t["patent_utility_model"]),
                      ("外观设计专利", t["patent_design"])])
    tail = f"，涉及{patents}" if patents else ""
    return f"{who}{phrase}办理{kinds}{tail}。"


def _filed_closed(t: StationFigures) -> str:
    filed = f"立案{t['filed']}件" + (f"，不予受理{t['refused']}件" if t["refused"] else "")
    if not t["closed"]:
        return f"{filed}；尚无结案。"
    outcomes = _parts([("裁决侵权成立", t["closed_infringement"]), ("裁决侵权部分成立", t["closed_partial"]),
                       ("裁决驳回请求", t["closed_rejected"]),
                       ("调解结案", t["closed_mediated"]), ("撤销案件", t["closed_withdrawn"])])
    return f"{filed}；结案{t['closed']}件，其中{outcomes}。"


def _pending(t: StationFigures, ref: date) -> str:
    extra = _parts([("超期未结", t["overdue"]), ("临近结案期限", t["near_limit"])])
    during = _parts([("中止处理", t["suspended"]), ("延长审理期限", t["extended"])])
    text = f"截至{_cn_day(ref)}，在办案件{t['pending']}件" + (f"，其中{extra}" if extra else "")
    if during:
        text += f"；期间{during}"
    return text + "。"


def _lawsuits(t: StationFigures) -> str:
    parts = []
    if t["lawsuits"]:
        results = _parts([("维持裁决", t["lawsuit_upheld"]), ("撤销或变更裁决", t["lawsuit_revoked"]),
                          ("原告撤诉", t["lawsuit_withdrawn"]), ("尚无结果", t["lawsuit_open"])])
        parts.append(f"当事人对行政裁决提起行政诉讼{t['lawsuits']}件（{results}）")
    if t["enforcement"]:
        parts.append(f"申请人民法院强制执行{t['enforcement']}件")
    return "；".join(parts) + "。"


def _stations(stations: Sequence[StationFigures]) -> str:
    busiest = max(stations, key=lambda s: (s["received"], s.code))
    text = f"各裁决所中，收案最多的是{busiest.name}（{busiest['received']}件）"
    behind = sorted((s for s in stations if s["overdue"]), key=lambda s: (-s["overdue"], s.code))
    if behind:
        text += "；超期未结案件分布在" + "、".join(f"{s.name}（{s['overdue']}件）" for s in behind[:3]) + \
            ("等" if len(behind) > 3 else "")
    else:
        text += "；各所均无超期未结案件"
    return text + "。"
