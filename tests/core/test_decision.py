"""The decision (行政裁决书) states what the record holds, and issuing it records the decision.

Each test builds a case through the services, records its procedure as events, drafts and issues
the decision, and reads the issued PDF back as text.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from adjudicator.cases import inputs as C
from adjudicator.cases import service as S
from adjudicator.documents import issuing
from adjudicator.documents import service as D
from adjudicator.documents.templates.law import ARTICLES
from adjudicator.errors import DomainError
from adjudicator.procedure.service import EventInput, add_event, load_procedure
from adjudicator.store import Database
from adjudicator.store.models import NumberSequence
from tests.core.factories import case_input

FEATURES = ("1|一种便携式手机支架，包括底座|被诉产品包括底座|相同|\n"
            "1|底座上铰接有支撑臂|被诉产品的支撑臂通过转轴与底座连接|等同|以转轴连接代替铰接，手段、功能、效果基本相同，"
            "本领域普通技术人员无需创造性劳动即可想到\n"
            "1|支撑臂末端设有夹持部|被诉产品支撑臂末端设有夹持部|相同|")
FIELDS = {
    "facts": "请求人是涉案专利的专利权人，该专利权合法有效。\n被请求人在淘宝平台“小明数码专营店”销售被诉侵权产品。",
    "reasoning": "被请求人未经专利权人许可，为生产经营目的销售、许诺销售被诉侵权产品，侵犯了涉案专利权。",
    "clerk": "王小红", "features": FEATURES,
}


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    return re.sub(r"—\d+—", "", text)


def two_respondents() -> C.CaseInput:
    inp = case_input(received_on=date(2026, 3, 2))
    inp.parties.append(C.PartyInput("respondent", "organisation", "义乌市星辰电子商务有限公司",
                                    id_number="91330782MA2E8RQ541", address="浙江省义乌市福田街道商城大道88号",
                                    legal_rep="陈星"))
    return inp


def _proceed(db: Database, case_id: object, *, hearing: bool = True) -> None:
    """Filed, request served on 03-09 (received 03-10), one answer (张小明) on 03-20, an online hearing held 04-10."""
    cid = case_id  # type: ignore[assignment]
    add_event(db, cid, EventInput("filed", date(2026, 3, 4)))  # type: ignore[arg-type]
    add_event(db, cid, EventInput("request_served", date(2026, 3, 9), date(2026, 3, 10)))  # type: ignore[arg-type]
    add_event(db, cid, EventInput("answer_received", date(2026, 3, 20),  # type: ignore[arg-type]
                                  details={"respondent": "张小明"}))
    if hearing:
        add_event(db, cid, EventInput("hearing_scheduled", date(2026, 3, 25), details={  # type: ignore[arg-type]
            "hearing_on": "2026-04-10", "time": "上午9时30分", "place": "腾讯会议", "online": True}))
        add_event(db, cid, EventInput("hearing_held", date(2026, 4, 10), details={  # type: ignore[arg-type]
            "attendance": "请求人的委托代理人、被请求人张小明到庭参加了口头审理，被请求人义乌市星辰电子商务有限公司"
                          "经依法通知未到庭", "online": True}))


def _draft(db: Database, case_id: object, **fields: str) -> D.DocumentView:
    values = {**FIELDS, "defence:张小明": "被诉侵权产品有合法来源，不应承担责任。", **fields}
    return D.create_draft(db, case_id, "decision", values)  # type: ignore[arg-type]


def test_two_respondents_one_answer_online_hearing(station_db: Database) -> None:
    case = S.create_case(station_db, two_respondents())
    _proceed(station_db, case.id)
    doc = issuing.issue(station_db, _draft(station_db, case.id).id, issued_on=date(2026, 5, 8))
    text = _text(D.reprint(station_db, doc.number or ""))
    assert doc.number == case.case_no  # the decision carries its case's number
    assert "本局于2026年3月2日收到处理请求，于2026年3月4日立案" in text
    assert "由王建国担任组长、李明、赵敏参加的合议组" in text
    assert "本局于2026年4月10日通过腾讯会议以在线方式依法进行了口头审理" in text
    assert "书面审理" not in text
    assert "被请求人张小明辩称：被诉侵权产品有合法来源" in text
    assert "被请求人义乌市星辰电子商务有限公司在答辩期限内未提交答辩意见" in text
    assert "张小明在答辩期限内未提交" not in text
    assert "“一种便携式手机支架”（专利号：ZL201620161392.4）" in text and "「" not in text
    assert "比对结论及理由" in text and "等同" in text
    assert "被诉侵权产品具备与涉案专利权利要求1记载的全部技术特征相同或者等同的技术特征" in text
    assert "向呼和浩特市中级人民法院提起行政诉讼" in text and "申请人民法院强制执行" in text
    assert "第十一条第一款、第六十四条第一款、第六十五条之规定" in text
    for art in ARTICLES[:1] + ARTICLES[2:3] + ARTICLES[4:5]:  # 11(1), 64(1), 65 printed in the annex
        assert re.sub(r"\s+", "", art.text) in text
    assert "浙江淘宝网络有限公司依法采取删除、屏蔽或者断开链接等必要措施" in text
    assert "抄送：浙江淘宝网络有限公司" in text
    assert not re.search(r"裁决如下：.*淘宝平台对", text)  # the platform is ordered nothing
    # Issuing recorded the decision: the case is decided, its limit stopped, publication runs.
    proc = load_procedure(station_db, case.id)
    assert proc.status == "decided" and proc.procedure.first["decided"].date == date(2026, 5, 8)
    rules = {d.rule: d for d in proc.deadlines.items}
    assert rules["case-limit"].done_on == date(2026, 5, 8)
    assert rules["publish"].start == date(2026, 5, 8)
    assert "lawsuit" not in rules  # runs from the service record, not from the decision


def test_service_of_the_decision_starts_lawsuit_and_enforcement(station_db: Database) -> None:
    from adjudicator.documents.service_records import add_service

    case = S.create_case(station_db, two_respondents())
    _proceed(station_db, case.id)
    doc = issuing.issue(station_db, _draft(station_db, case.id).id, issued_on=date(2026, 5, 8))
    add_service(station_db, doc.id, method="post", recipient="张小明", sent_on=date(2026, 5, 8),
                received_on=date(2026, 5, 11))
    rules = {d.rule: d for d in load_procedure(station_db, case.id).deadlines.items}
    assert rules["lawsuit"].start == date(2026, 5, 11) and rules["lawsuit"].due == date(2026, 5, 26)
    office = rules["enforcement-office"]
    assert office.start == date(2026, 5, 26)
    assert rules["enforcement-holder"].start == office.due  # begins when the office's 3 months lapse


def test_written_procedure_and_single_respondent_without_answer(station_db: Database) -> None:
    case = S.create_case(station_db, case_input())
    add_event(station_db, case.id, EventInput("filed", date(2026, 3, 4)))
    add_event(station_db, case.id, EventInput("request_served", date(2026, 3, 9), date(2026, 3, 10)))
    draft = D.create_draft(station_db, case.id, "decision", FIELDS)
    text = _text(D.reprint(station_db, issuing.issue(station_db, draft.id, issued_on=date(2026, 5, 8)).number or ""))
    assert "本案未进行口头审理，依法进行了书面审理" in text
    assert "被请求人在答辩期限内未提交答辩意见" in text


@pytest.mark.parametrize(("setup", "fields", "expected"), [
    ("no_hearing_held", {}, "尚未登记“进行口头审理”"),
    ("answer_no_defence", {"defence:张小明": ""}, "被请求人张小明的答辩意见"),
    ("period_running", {}, "答辩期限至2026-03-25届满"),
    ("defence_without_answer", {"defence:义乌市星辰电子商务有限公司": "不侵权。"}, "记录中没有被请求人义乌市星辰"),
    ("not_filed", {}, "案件尚未立案"),
    ("contradiction", {"features": FEATURES.replace("|等同|", "|不相同|")}, "与裁决结果“侵权成立”矛盾"),
])
def test_a_decision_the_record_contradicts_is_refused_before_anything_is_used(
        station_db: Database, setup: str, fields: dict[str, str], expected: str) -> None:
    case = S.create_case(station_db, two_respondents())
    issue_day = date(2026, 5, 8)
    if setup == "no_hearing_held":
        _proceed(station_db, case.id, hearing=False)
        add_event(station_db, case.id, EventInput("hearing_scheduled", date(2026, 4, 1), details={
            "hearing_on": "2026-05-20", "place": "本局第一审理室"}))
    elif setup == "period_running":
        add_event(station_db, case.id, EventInput("filed", date(2026, 3, 4)))
        add_event(station_db, case.id, EventInput("request_served", date(2026, 3, 9), date(2026, 3, 10)))
        issue_day = date(2026, 3, 20)
        fields = {**fields, "defence:张小明": ""}
    elif setup != "not_filed":
        _proceed(station_db, case.id)
    draft = _draft(station_db, case.id, **fields)
    with pytest.raises(DomainError) as info:
        issuing.issue(station_db, draft.id, issued_on=issue_day)
    assert expected in str(info.value)
    assert load_procedure(station_db, case.id).status != "decided"
    assert D.list_documents(station_db, case.id)[0].status == "draft"
    with station_db.session() as s:
        assert s.query(NumberSequence).filter(NumberSequence.series.notin_(("case", "list_key"))).count() == 0


def test_rejected_ecommerce_request_has_no_enforcement_and_no_platform(station_db: Database) -> None:
    case = S.create_case(station_db, case_input())
    add_event(station_db, case.id, EventInput("filed", date(2026, 3, 4)))
    add_event(station_db, case.id, EventInput("request_served", date(2026, 3, 9), date(2026, 3, 10)))
    features = FEATURES.replace("|等同|以转轴", "|不相同|被诉产品的支撑臂固定于底座，不能转动，以转轴")
    draft = D.create_draft(station_db, case.id, "decision", {**FIELDS, "features": features, "outcome": "驳回请求",
                                                             "orders": "驳回请求人的处理请求。"})
    doc = issuing.issue(station_db, draft.id, issued_on=date(2026, 5, 8))
    text = _text(D.reprint(station_db, doc.number or ""))
    assert "裁决如下：驳回请求人的处理请求。" in text and "未落入涉案专利权的保护范围" in text  # one order: no 一、
    assert "本局将依法申请人民法院强制执行" not in text and "淘宝网络" not in text and "抄送" not in text
    assert "第六十四条第一款、第六十五条之规定" in text and "第十一条" not in text
    assert load_procedure(station_db, case.id).procedure.first["decided"].details["outcome"] == "rejected"


def test_one_decision_per_case_and_its_correction_keeps_the_number(station_db: Database) -> None:
    case = S.create_case(station_db, two_respondents())
    _proceed(station_db, case.id)
    first = issuing.issue(station_db, _draft(station_db, case.id).id, issued_on=date(2026, 5, 8))
    with pytest.raises(DomainError, match="一案只有一份裁决书"):
        issuing.issue(station_db, _draft(station_db, case.id).id, issued_on=date(2026, 5, 9))
    fix = issuing.issue(station_db, issuing.correct(station_db, first.id).id, issued_on=date(2026, 5, 9))
    assert fix.number == first.number == case.case_no
    assert D.find_document(station_db, case.case_no).id == fix.id
    assert D.find_document(station_db, str(first.id)).status == "voided"


def test_public_version_masks_personal_data_and_closes_the_publication_deadline(station_db: Database) -> None:
    from adjudicator.documents.publication import mask_text, publish_decision
    from adjudicator.documents.signing import read_signature
    from adjudicator.documents.templates import PUBLICATION_KIND

    case = S.create_case(station_db, two_respondents())
    _proceed(station_db, case.id)
    fields = {"facts": FIELDS["facts"] + "\n被请求人张小明的联系电话为13900001111，身份证号150102198503120029。"}
    doc = issuing.issue(station_db, _draft(station_db, case.id, **fields).id, issued_on=date(2026, 5, 8))
    original = _text(D.reprint(station_db, doc.number or ""))
    assert "150102198503120029" in original and "工人北路8号" in original
    with pytest.raises(DomainError, match="早于裁决书的出具日期"):
        publish_decision(station_db, doc.id, published_on=date(2026, 5, 7))
    publish_decision(station_db, doc.id, published_on=date(2026, 5, 15))
    public = D.find_document(station_db, doc.number or "", PUBLICATION_KIND)
    text = _text(D.reprint(station_db, str(public.id)))
    signed = read_signature(D.reprint(station_db, str(public.id)))  # the public version is signed like the decision
    assert signed is not None and signed.statement["kind"] == PUBLICATION_KIND and signed.station == "01"
    assert "150102198503120029" not in text and "13900001111" not in text and "工人北路" not in text
    assert "公民身份号码：150102************" in text and "住址：浙江省义乌市（详址略）" in text
    assert "139****1111" in text
    assert "浙江省义乌市福田街道商城大道88号" in text  # an organisation's seat is public
    assert public.title == "行政裁决书（公开版）" and public.number == doc.number
    assert D.find_document(station_db, doc.number or "").id == doc.id  # the number alone still names the decision
    rules = {d.rule: d for d in load_procedure(station_db, case.id).deadlines.items}
    assert rules["publish"].done_on == date(2026, 5, 15)
    with pytest.raises(DomainError, match="已于 2026-05-15 制作公开版"):
        publish_decision(station_db, doc.id, published_on=date(2026, 5, 16))
    assert mask_text("电话0471-6201111") == "电话0471-********"


def test_partly_established_orders_only_what_was_established_and_is_its_own_outcome(station_db: Database) -> None:
    """部分成立: the orders name what was established, the rest is rejected in words; the case records ``partial``."""
    case = S.create_case(station_db, two_respondents())
    _proceed(station_db, case.id)
    orders = "被请求人张小明立即停止销售、许诺销售侵犯ZL201620161392.4号专利权的产品的行为。"
    draft = _draft(station_db, case.id, outcome="侵权部分成立，驳回其他请求", orders=orders)
    with pytest.raises(DomainError) as info:  # the part not upheld must be stated
        issuing.issue(station_db, draft.id, issued_on=date(2026, 5, 8))
    assert "不予支持的请求" in str(info.value)
    D.update_draft(station_db, draft.id, {"orders": orders + "\n驳回请求人的其他处理请求。",
                                          "rejected_part": "责令被请求人义乌市星辰电子商务有限公司停止销售被诉侵权产品"})
    with pytest.raises(DomainError) as info:  # the rejection is the system's last order, never typed twice
        issuing.issue(station_db, draft.id, issued_on=date(2026, 5, 8))
    assert "删去裁决事项中的驳回一行" in str(info.value)
    D.update_draft(station_db, draft.id, {"orders": orders})
    doc = issuing.issue(station_db, draft.id, issued_on=date(2026, 5, 8))
    text = _text(D.reprint(station_db, doc.number or ""))
    assert "请求人关于责令被请求人义乌市星辰电子商务有限公司停止销售被诉侵权产品的请求，缺乏事实和法律依据，本局不予支持" \
        in text
    assert "裁决如下：一、被请求人张小明立即停止销售" in text and "二、驳回请求人的其他处理请求。" in text
    assert "三、" not in text.split("裁决如下：")[1].split("当事人不服")[0]
    assert "义乌市星辰电子商务有限公司立即停止" not in text
    assert "申请人民法院强制执行" in text  # something is ordered
    proc = load_procedure(station_db, case.id)
    assert proc.procedure.first["decided"].details["outcome"] == "partial"


def test_partly_established_is_counted_as_its_own_outcome_and_still_ordered(station_db: Database) -> None:
    """The statistics count 部分成立 apart; its enforcement periods run as for an infringement."""
    from adjudicator.documents.service_records import add_service
    from adjudicator.reports.facts import refresh_facts
    from adjudicator.reports.figures import FIGURE_BY_KEY, OUTCOME_KEYS

    case = S.create_case(station_db, two_respondents())
    _proceed(station_db, case.id)
    doc = issuing.issue(station_db, _draft(station_db, case.id, outcome="partial", rejected_part="其他请求").id,
                        issued_on=date(2026, 5, 8))
    add_service(station_db, doc.id, method="post", recipient="张小明", sent_on=date(2026, 5, 8),
                received_on=date(2026, 5, 11))
    rules = {d.rule for d in load_procedure(station_db, case.id).deadlines.items}
    assert {"enforcement-office", "enforcement-holder"} <= rules
    assert "closed_partial" in OUTCOME_KEYS and FIGURE_BY_KEY["closed_partial"].label == "裁决侵权部分成立"
    refresh_facts(station_db)
    from adjudicator.store.models_reports import ReportFacts

    with station_db.session() as s:
        assert s.get(ReportFacts, case.id).outcome == "partial"  # type: ignore[union-attr]


def test_a_cancelled_hearing_is_not_a_hearing_held(station_db: Database) -> None:
    """Scheduled then cancelled (取消口头审理), none held: the decision states the cancellation and the written procedure."""
    from adjudicator.history.trail import case_history
    from adjudicator.procedure.schedule import hearings_between

    case = S.create_case(station_db, two_respondents())
    _proceed(station_db, case.id, hearing=False)
    add_event(station_db, case.id, EventInput("hearing_scheduled", date(2026, 3, 25), details={
        "hearing_on": "2026-04-10", "time": "上午9时30分", "place": "本局第一审理室"}))
    draft = _draft(station_db, case.id)
    with pytest.raises(DomainError) as info:  # neither held nor cancelled: refused before any number
        issuing.issue(station_db, draft.id, issued_on=date(2026, 5, 8))
    assert "尚未登记“进行口头审理”或“取消口头审理”" in str(info.value)
    assert [h.day for h in hearings_between(station_db, date(2026, 4, 1), date(2026, 4, 30))] == [date(2026, 4, 10)]
    add_event(station_db, case.id, EventInput("hearing_cancelled", date(2026, 4, 7), details={
        "reason": "请求人书面申请不再进行口头审理"}))
    assert hearings_between(station_db, date(2026, 4, 1), date(2026, 4, 30)) == []  # off the month calendar
    notice = next(d for d in load_procedure(station_db, case.id).deadlines.items if d.rule == "hearing-notice")
    assert not notice.applicable and notice.note == "已取消"
    words = [(line.summary, line.details) for line in case_history(station_db, case.id)]
    assert any("取消口头审理" in summary and "取消理由：请求人书面申请不再进行口头审理" in " ".join(details)
               for summary, details in words), words
    text = _text(D.reprint(station_db, issuing.issue(station_db, draft.id, issued_on=date(2026, 5, 8)).number or ""))
    assert "本局原定于2026年4月10日进行口头审理，后因请求人书面申请不再进行口头审理而取消，本案依法进行了书面审理" \
        in text
    assert "依法进行了口头审理" not in text


def test_an_earlier_hearing_held_stands_when_a_later_one_is_cancelled(station_db: Database) -> None:
    case = S.create_case(station_db, two_respondents())
    _proceed(station_db, case.id)  # online hearing held 04-10
    add_event(station_db, case.id, EventInput("hearing_scheduled", date(2026, 4, 13), details={
        "hearing_on": "2026-04-24", "place": "本局第一审理室"}))
    add_event(station_db, case.id, EventInput("hearing_cancelled", date(2026, 4, 20), details={
        "reason": "案件事实已经查清"}))
    text = _text(D.reprint(station_db, issuing.issue(station_db, _draft(station_db, case.id).id,
                                                     issued_on=date(2026, 5, 8)).number or ""))
    assert "本局于2026年4月10日通过腾讯会议以在线方式依法进行了口头审理" in text
    assert "书面审理" not in text and "原定于" not in text
