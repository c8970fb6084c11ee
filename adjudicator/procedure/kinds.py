"""The kinds of case event (事件类型): label, the case statuses they may occur in, and their fields.

One row per kind of :data:`EVENT_KINDS` is the transition table of the procedure: ``statuses``
lists where the kind may be recorded, ``becomes`` the status it leads to, ``after`` the events
it depends on (it may not be dated before the latest of them; ``after_receipt``: before the day
that one was *received*), ``once`` whether it may happen only once. :data:`PAIRS` names the
events that open and close a running period (suspension, recusal, hearing …). ``fields`` are the
details the kind records (approver, months, ground, hearing time and place, outcome); the UI
builds its form from them and :func:`normalize_details` checks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from adjudicator.errors import DomainError
from adjudicator.store.labels import register_labels

FieldType = Literal["text", "date", "bool", "int", "choice"]

R, F, S = "received", "filed", "suspended"
D, M, W, X = "decided", "mediated", "withdrawn", "refused"
CLOSING_STATUSES = (D, M, W, X)


@dataclass(frozen=True)
class DetailField:
    """One detail an event records, e.g. 批准人 of an extension."""

    key: str
    label: str
    type: FieldType = "text"
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    default: Any = None

    def choice_label(self, value: str) -> str:
        return dict(self.choices).get(value, value)


@dataclass(frozen=True)
class EventKind:
    """One kind of event and where it may occur (a row of the transition table)."""

    code: str
    label: str
    statuses: frozenset[str]
    becomes: str | None = None
    after: tuple[str, ...] = ()
    after_receipt: bool = False
    once: bool = False
    received_label: str | None = None
    """Label of the second date (the day the addressee received it); None: the kind has none."""
    fields: tuple[DetailField, ...] = ()
    hint: str = ""


def _kind(code: str, label: str, statuses: str | tuple[str, ...], **rest: Any) -> EventKind:
    found = (statuses,) if isinstance(statuses, str) else statuses
    return EventKind(code, label, frozenset(found), **rest)


_APPROVER = DetailField("approver", "批准人", required=True)
_METHOD = DetailField("method", "送达方式", "choice", choices=(
    ("direct", "直接送达"), ("post", "邮寄送达"), ("left", "留置送达"), ("electronic", "电子送达"),
    ("entrusted", "委托送达")), default="direct")
_COURT = DetailField("court", "人民法院")

OUTCOMES = (("infringement", "侵权成立，责令停止侵权"), ("partial", "侵权部分成立，驳回其他请求"),
            ("rejected", "驳回请求"))
#: Outcomes that order the respondent to stop (the enforcement periods run, a repeat infringer counts).
INFRINGEMENT_FOUND = frozenset({"infringement", "partial"})
SUSPENSION_GROUNDS = (
    ("invalidation", "涉案专利权被请求宣告无效"), ("party_change", "当事人死亡或终止，等待继受人"),
    ("force_majeure", "不可抗力"), ("pending_case", "须以其他案件的结果为依据"), ("other", "其他"),
)
#: What the court decided on a lawsuit against a decision (行政诉讼结果), for the supervisors' statistics.
LAWSUIT_RESULTS = (
    ("upheld", "维持裁决（驳回诉讼请求）"), ("revoked", "撤销裁决"), ("changed", "部分撤销或变更裁决"),
    ("withdrawn", "原告撤诉"),
)
WITHDRAWAL_GROUNDS = (
    ("requester_withdrew", "请求人撤回请求"), ("deemed_withdrawn", "请求人无正当理由拒不参加口头审理，视为撤回"),
    ("not_eligible", "不符合受理条件"), ("no_successor", "当事人死亡或终止且无继受人"),
    ("mediation_failed", "调解不成"), ("other", "其他"),
)

_KINDS = (
    _kind("received", "收到请求", (), hint="由案件的“收到请求日期”记录"),
    _kind("corrections_requested", "通知补正", R, fields=(
        DetailField("limit_days", "补正期限（日）", "int", default=15),
        DetailField("defects", "需补正的事项"))),
    _kind("corrections_received", "收到补正材料", R, after=("corrections_requested",)),
    _kind("filing_extended", "延长立案审查期限", R, once=True, fields=(_APPROVER,),
          hint="经部门负责人批准，立案审查期限延长 5 个工作日"),
    _kind("filed", "立案", R, becomes=F, once=True),
    _kind("refused", "不予受理", R, becomes=X, fields=(DetailField("ground", "不予受理的理由"),)),
    _kind("request_served", "送达请求书副本", F, once=True, received_label="被请求人收到日期", fields=(
        _METHOD, DetailField("abroad", "被请求人在中国境内无住所（答辩期 30 日）", "bool", default=False))),
    _kind("answer_received", "收到答辩书", (F, S), after=("request_served",), after_receipt=True, fields=(
        DetailField("respondent", "答辩的被请求人（被请求人有两个以上的须填写）"),)),
    _kind("answer_forwarded", "转送答辩书", (F, S), after=("answer_received",)),
    _kind("jurisdiction_objection", "提出管辖权异议", F, after=("request_served",), after_receipt=True),
    _kind("jurisdiction_decided", "管辖权异议处理决定", F, fields=(DetailField(
        "outcome", "处理结果", "choice", True, (("rejected", "异议不成立，驳回"), ("transferred", "异议成立，移送"))),)),
    _kind("evidence_notice", "送达举证通知书", F, received_label="当事人收到日期"),
    _kind("evidence_extension", "延长举证期限（当事人申请）", F, after=("evidence_notice",), fields=(
        DetailField("until", "延长至", "date", True), DetailField("requested_by", "申请人"))),
    _kind("preservation", "登记保存证据", F, fields=(_APPROVER, DetailField("items", "登记保存的物品"))),
    _kind("preservation_decided", "登记保存处理决定", F),
    _kind("appraisal_started", "委托检验鉴定", F, fields=(DetailField("agency", "鉴定机构"),)),
    _kind("appraisal_finished", "收到鉴定意见", F),
    _kind("public_notice", "公告送达", F, fields=(DetailField("document", "公告送达的文书"),)),
    _kind("settlement_started", "当事人申请和解", F),
    _kind("settlement_ended", "和解期间结束", F),
    _kind("hearing_scheduled", "确定口头审理", F, fields=(
        DetailField("hearing_on", "口头审理日期", "date", True), DetailField("time", "时间"),
        DetailField("place", "地点"), DetailField("online", "在线审理", "bool", default=False))),
    _kind("hearing_notice_served", "送达口头审理通知书", F, after=("hearing_scheduled",),
          received_label="当事人收到日期"),
    _kind("hearing_cancelled", "取消口头审理", (F, S), after=("hearing_scheduled",), fields=(
        DetailField("reason", "取消理由", required=True),),
          hint="已确定的口头审理不再举行；理由写成可接在“因”之后的短句，如：请求人申请不再进行口头审理"),
    _kind("hearing_held", "进行口头审理", F, fields=(
        DetailField("attendance", "到庭情况"), DetailField("online", "在线审理", "bool", default=False))),
    _kind("recusal_applied", "申请回避", F, fields=(DetailField("applicant", "申请人"),
                                                 DetailField("member", "被申请回避人员"))),
    _kind("recusal_decided", "回避决定", F, fields=(DetailField(
        "outcome", "决定", "choice", True, (("granted", "准予回避"), ("rejected", "驳回申请"))),
        DetailField("decided_by", "决定人"))),
    _kind("suspended", "中止处理", F, becomes=S, fields=(
        DetailField("ground", "中止理由", "choice", True, SUSPENSION_GROUNDS),)),
    _kind("resumed", "恢复处理", S, becomes=F),
    _kind("extension_approved", "延长审理期限", F, fields=(
        _APPROVER, DetailField("level", "批准层级", "choice", True,
                               (("head", "部门负责人（至多 1 个月）"), ("higher", "上一级部门（至多 2 个月）")), "head"),
        DetailField("months", "延长月数", "int", True, default=1), DetailField("reason", "延长理由"))),
    _kind("decided", "作出行政裁决", F, becomes=D, fields=(
        DetailField("outcome", "裁决结果", "choice", True, OUTCOMES),
        DetailField("perform_by", "履行期限（留空：起诉期限届满之日）", "date"))),
    _kind("mediated", "调解结案", F, becomes=M),
    _kind("withdrawn", "撤销案件", (R, F, S), becomes=W, fields=(
        DetailField("ground", "撤销理由", "choice", True, WITHDRAWAL_GROUNDS),)),
    _kind("decision_served", "送达行政裁决书", D, after=("decided",), received_label="当事人收到日期", fields=(
        DetailField("party", "受送达人", "choice", choices=(
            ("all", "双方当事人"), ("requester", "请求人"), ("respondent", "被请求人")), default="all"), _METHOD)),
    _kind("published", "公开裁决书", D, after=("decided",), once=True),
    _kind("lawsuit_filed", "当事人提起行政诉讼", D, after=("decision_served",), after_receipt=True, once=True,
          fields=(DetailField("by", "起诉人", "choice", choices=(
              ("respondent", "被请求人"), ("requester", "请求人")), default="respondent"), _COURT)),
    _kind("lawsuit_decided", "行政诉讼结果", D, after=("lawsuit_filed",), once=True, fields=(
        DetailField("outcome", "裁判结果", "choice", True, LAWSUIT_RESULTS), _COURT)),
    _kind("complied", "被请求人履行裁决", D, after=("decision_served",), once=True),
    _kind("enforcement_applied", "申请强制执行", D, after=("decision_served",), once=True, fields=(
        DetailField("by", "申请人", "choice", choices=(("office", "本机关"), ("holder", "专利权人或利害关系人")),
                    default="office"), _COURT)),
    _kind("archived", "归档", CLOSING_STATUSES, becomes="archived"),
)

EVENT_KINDS: dict[str, EventKind] = {kind.code: kind for kind in _KINDS}
register_labels("event", {code: kind.label for code, kind in EVENT_KINDS.items()})

#: The acts the rules reserve for the station head (负责人): with accounts on, each needs a head's
#: approval, recorded in the event's details under :data:`APPROVAL_KEY` (see :mod:`adjudicator.accounts.approval`).
RESERVED_FOR_HEAD = frozenset({"filing_extended", "extension_approved", "preservation", "recusal_decided"})
APPROVAL_KEY = "approval"

#: Events that open and close a running period, by the period's name.
PAIRS: dict[str, tuple[str, str]] = {
    "corrections": ("corrections_requested", "corrections_received"),
    "suspension": ("suspended", "resumed"),
    "jurisdiction": ("jurisdiction_objection", "jurisdiction_decided"),
    "appraisal": ("appraisal_started", "appraisal_finished"),
    "settlement": ("settlement_started", "settlement_ended"),
    "recusal": ("recusal_applied", "recusal_decided"),
    "preservation": ("preservation", "preservation_decided"),
    "hearing": ("hearing_scheduled", "hearing_held"),
}
#: Events that end a running period without its end event having happened (a hearing cancelled, not held).
CANCELS: dict[str, str] = {"hearing_cancelled": "hearing"}


def event_kind(code: str) -> EventKind:
    """The kind named ``code``; DomainError listing the kinds otherwise."""
    kind = EVENT_KINDS.get(code)
    if kind is None or code == "received":
        known = "、".join(f"{k.code}（{k.label}）" for k in _KINDS[1:])
        raise DomainError(f"未知的事件类型 {code}；可用的类型：{known}。")
    return kind


def event_label(code: str) -> str:
    kind = EVENT_KINDS.get(code)
    return kind.label if kind else code


def normalize_details(kind: EventKind, details: dict[str, Any] | None) -> dict[str, Any]:
    """The details of an event of ``kind``, checked and in stored form (dates as ISO text)."""
    given = dict(details or {})
    # A recorded approval is the service's, never typed: kept as stored (a dict) on a reserved act only.
    approval = given.pop(APPROVAL_KEY, None)
    if approval is not None and not (isinstance(approval, dict) and kind.code in RESERVED_FOR_HEAD):
        raise DomainError(f"“{kind.label}”的批准记录由系统在负责人批准时填写，不能直接输入。")
    unknown = [key for key in given if key not in {f.key for f in kind.fields}]
    if unknown:
        keys = "、".join(f"{f.key}（{f.label}）" for f in kind.fields) or "无"
        raise DomainError(f"“{kind.label}”没有“{unknown[0]}”这一项；可填的项：{keys}。")
    result: dict[str, Any] = {}
    for spec in kind.fields:
        value = _field_value(kind, spec, given.get(spec.key))
        if value is not None:
            result[spec.key] = value
    if approval is not None:
        result[APPROVAL_KEY] = dict(approval)
    return result


def _field_value(kind: EventKind, spec: DetailField, raw: Any) -> Any:
    what = f"“{kind.label}”的{spec.label}"
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if spec.required and spec.default is None:
            raise DomainError(f"{what}必须填写。" if spec.key != "approver" else f"“{kind.label}”必须注明批准人。")
        return spec.default
    if spec.type == "text":
        return str(raw).strip()
    if spec.type == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("1", "true", "yes", "y", "是"):
            return True
        if text in ("0", "false", "no", "n", "否"):
            return False
        raise DomainError(f"{what}应为“是”或“否”，输入为 {raw}。")
    if spec.type == "int":
        try:
            number = int(str(raw).strip())
        except ValueError:
            raise DomainError(f"{what}应为正整数，输入为 {raw}。") from None
        if number < 1:
            raise DomainError(f"{what}应为正整数，输入为 {raw}。")
        return number
    if spec.type == "date":
        return parse_day(raw, what).isoformat()
    value = str(raw).strip()
    if value not in dict(spec.choices):
        options = "、".join(f"{code}（{label}）" for code, label in spec.choices)
        raise DomainError(f"{what}“{value}”无效；可选：{options}。")
    return value


def parse_day(raw: Any, what: str = "日期") -> date:
    """A date from ``YYYY-MM-DD`` text (or a date); DomainError naming ``what`` otherwise."""
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    try:
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise DomainError(f"{what} {text} 不是有效日期，请写成 2026-03-02 这样的格式。")
