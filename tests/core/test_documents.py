"""Documents: every kind renders with its required elements, numbering, issuing, reprint, refusal, service."""

from __future__ import annotations

import hashlib
import io
import re
import threading
from datetime import date

import pytest
from pypdf import PdfReader

from adjudicator.cases import service as S
from adjudicator.documents import issuing
from adjudicator.documents import service as D
from adjudicator.documents.fonts import load_fonts, missing_glyphs
from adjudicator.documents.layout import MissingGlyphsError
from adjudicator.documents.service_records import add_service
from adjudicator.documents.templates import TEMPLATES, document_prefix, format_document_number, kind_of_number
from adjudicator.errors import DomainError
from adjudicator.store import Database, open_database
from adjudicator.store.models import NumberSequence
from tests.core.factories import case_input

ISSUED_ON = date(2026, 5, 8)
FIELDS = {
    "filing-notice": {"filed_on": "2026-03-04"},
    "refusal-notice": {"ground": "请求人未能证明其为专利权人或者利害关系人"},
    "correction-notice": {"defects": "未提交专利登记簿副本\n请求书未写明被请求人住所"},
    "answer-notice": {"filed_on": "2026-03-04"},
    "evidence-notice": {"requirements": "被控侵权产品实物"},
    "hearing-notice": {"hearing_on": "2026-04-10", "hearing_time": "09:30", "mode": "in_person",
                       "place": "本局第一审理室"},
    "suspension-notice": {"ground": "涉案专利权已被请求宣告无效", "suspended_on": "2026-04-01",
                          "invalidation_accepted_on": "2026-03-20"},
    "resumption-notice": {"suspended_on": "2026-04-01", "resumed_on": "2026-05-06"},
    "extension-approval": {"filed_on": "2026-03-04", "months": "1", "reason": "案情复杂，需要进行技术比对"},
    "decision": {"clerk": "王小红",
                 "facts": "请求人是涉案专利的专利权人。\n被请求人在淘宝店铺销售被控侵权产品。",
                 "features": "1|底座|底座|相同|\n1|支撑臂|支撑臂|相同|",
                 "reasoning": "被控侵权产品落入涉案专利权利要求1的保护范围。"},
    "platform-notice": {},
    "mediation-agreement": {"terms": "被请求人于2026年5月1日前删除全部侵权商品链接。\n被请求人向请求人支付人民币5000元。"},
    "withdrawal-decision": {"ground": "requester_withdrew", "filed_on": "2026-03-04"},
    "service-receipt": {"served_document": "答辩通知书"},
}
#: Text each kind must show besides the common elements (office, title, number, a party name).
EXPECTED = {
    "filing-notice": ["立案通知书", "2026年3月4日立案", "王建国、李明、赵敏"],
    "refusal-notice": ["不予受理通知书", "不予受理", "行政复议", "呼和浩特市中级人民法院"],
    "correction-notice": ["补正通知书", "未提交专利登记簿副本", "十五日内"],
    "answer-notice": ["答辩通知书", "十五日内", "答辩书", "王建国、李明、赵敏组成合议组", "申请回避"],
    "evidence-notice": ["举证通知书", "十五日内", "被控侵权产品实物"],
    "hearing-notice": ["口头审理通知书", "2026年4月10日上午9时30分", "本局第一审理室", "回执"],
    "suspension-notice": ["中止处理通知书", "2026年4月1日起中止处理", "宣告无效"],
    "resumption-notice": ["恢复处理通知书", "2026年5月6日起恢复处理"],
    "extension-approval": ["延长审理期限审批表", "技术比对", "2026年6月4日"],
    "decision": ["专利侵权纠纷案件行政裁决书", "请求人称", "经审理查明", "本局认为",
                 "现已审理终结", "裁决如下", "第六十五条", "删除、屏蔽或者断开", "法定代表人：王刚",
                 "浙江省义乌市稠城街道工人北路8号", "“一种便携式手机支架”（专利号：ZL201620161392.4）专利侵权纠纷",
                 "十五日内", "呼和浩特市中级人民法院提起行政诉讼", "被请求人在答辩期限内未提交答辩意见", "申请人民法院强制执行", "书记员：王小红",
                 "合议组组长：王建国"],
    "platform-notice": ["协助处置侵权商品链接通知书", "浙江淘宝网络有限公司：", "第三十二条",
                        "https://item.taobao.com/item.htm?id=612345678901", "删除、屏蔽或者断开链接"],
    "mediation-agreement": ["调解协议书", "人民币5000元", "签名或盖章"],
    "withdrawal-decision": ["撤销案件决定书", "第三十六条", "撤回处理请求的申请，本局予以准许"],
    "service-receipt": ["送达回证", "答辩通知书", "浙江省义乌市稠城街道工人北路8号", "张小明"],
}


#: The prefix of each kind's numbers at station 01 (呼新市监专裁字): the decision keeps it, the others
#: replace 裁字 with their own 字, so no two kinds share a number.
NUMBER_PREFIX = {
    "filing-notice": "呼新市监专立字", "refusal-notice": "呼新市监专不受字", "correction-notice": "呼新市监专补字",
    "answer-notice": "呼新市监专答字", "evidence-notice": "呼新市监专举字", "hearing-notice": "呼新市监专审字",
    "suspension-notice": "呼新市监专中字", "resumption-notice": "呼新市监专恢字",
    "extension-approval": "呼新市监专延字", "decision": "呼新市监专裁字", "platform-notice": "呼新市监专平字",
    "mediation-agreement": "呼新市监专调字",
    "withdrawal-decision": "呼新市监专撤字", "service-receipt": "呼新市监专送字",
}


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    return re.sub(r"—\d+—", "", text)  # page numbers between the pages


def _proceed(db: Database, case_id: object) -> None:
    """Filed on 03-04 and the request served (received 03-10): a decision may be issued once the answer period ran."""
    from adjudicator.procedure.service import EventInput, add_event, load_procedure

    if load_procedure(db, case_id).status != "received":  # type: ignore[arg-type]
        return
    add_event(db, case_id, EventInput("filed", date(2026, 3, 4)))  # type: ignore[arg-type]
    add_event(db, case_id, EventInput("request_served", date(2026, 3, 9), date(2026, 3, 10)))  # type: ignore[arg-type]


def _issue(db: Database, kind: str, case_id: object = None, **fields: str) -> D.DocumentView:
    if case_id is None:
        case_id = S.create_case(db, case_input()).id
    if kind == "decision":
        _proceed(db, case_id)
    if kind == "platform-notice":  # the platform is notified once a decision found the listings infringing
        _issue(db, "decision", case_id)
    draft = D.create_draft(db, case_id, kind, {**FIELDS[kind], **fields})  # type: ignore[arg-type]
    return issuing.issue(db, draft.id, issued_on=ISSUED_ON)


@pytest.mark.parametrize("kind", list(TEMPLATES))
def test_every_kind_issues_with_its_elements_and_embedded_fonts(station_db: Database, kind: str) -> None:
    doc = _issue(station_db, kind)
    pdf = D.reprint(station_db, doc.number or "")  # the number alone names the document
    text = _text(pdf)
    assert re.fullmatch(rf"{NUMBER_PREFIX[kind]}〔2026〕\d+号", doc.number or "")
    for needle in ["呼和浩特市新城区市场监督管理局", doc.number or "", *EXPECTED[kind]]:
        assert re.sub(r"\s+", "", needle) in text, needle
    assert "内蒙古草原星光科技有限公司" in text or "张小明" in text
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            desc = font.get_object()
            descriptor = desc.get("/FontDescriptor") or desc["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            assert "/FontFile2" in descriptor, "TrueType font program embedded"
            assert re.match(r"/[A-Z]{6}\+", str(desc["/BaseFont"])), "subset prefix"


def test_draft_is_watermarked_and_has_no_number(station_db: Database) -> None:
    case = S.create_case(station_db, case_input())
    draft = D.create_draft(station_db, case.id, "decision", FIELDS["decision"])
    text = _text(D.render_preview(station_db, draft.id))
    assert "草稿" in text
    assert not re.search(r"〔2026〕\d+号", text.replace(case.case_no, ""))
    assert D.list_documents(station_db, case.id)[0].number is None


def test_numbers_run_per_kind_and_a_voided_number_is_not_reused(station_db: Database) -> None:
    case = S.create_case(station_db, case_input())
    first = _issue(station_db, "answer-notice", case.id)
    second = _issue(station_db, "answer-notice", case.id)
    other = _issue(station_db, "evidence-notice", case.id)
    assert [first.number, second.number] == ["呼新市监专答字〔2026〕1号", "呼新市监专答字〔2026〕2号"]
    assert other.number == "呼新市监专举字〔2026〕1号"
    issuing.void(station_db, second.id, "送达地址有误")
    third = _issue(station_db, "answer-notice", case.id)
    assert third.number == "呼新市监专答字〔2026〕3号"
    assert D.find_document(station_db, str(second.id)).status == "voided"


def test_document_prefixes_per_kind() -> None:
    assert set(NUMBER_PREFIX) == set(TEMPLATES)
    for kind, prefix in NUMBER_PREFIX.items():
        assert document_prefix("呼新市监专裁字", kind) == prefix
        assert format_document_number("呼新市监专裁字", 2026, 7, kind) == f"{prefix}〔2026〕7号"
        assert kind_of_number(f"{prefix}〔2026〕7号") == (None if kind == "decision" else kind)
    assert len(set(NUMBER_PREFIX.values())) == len(NUMBER_PREFIX)
    # A station prefix without 裁字: the kind's word goes before 字 (or is appended with 字).
    assert document_prefix("京知专字", "filing-notice") == "京知专立字"
    assert document_prefix("京知专", "hearing-notice") == "京知专审字"
    assert document_prefix("京知专字", "decision") == "京知专字"


def test_a_number_names_its_kind_and_lookup_needs_no_kind(station_db: Database) -> None:
    case = S.create_case(station_db, case_input())
    notice = _issue(station_db, "filing-notice", case.id)
    decision = _issue(station_db, "decision", case.id)
    assert notice.number == "呼新市监专立字〔2026〕1号" and decision.number == "呼新市监专裁字〔2026〕1号"
    assert D.find_document(station_db, notice.number or "").id == notice.id
    assert D.find_document(station_db, "呼新市监专立字[2026]1号").id == notice.id
    assert D.find_document(station_db, decision.number or "").id == decision.id
    assert D.find_document(station_db, notice.number or "", "filing-notice").id == notice.id
    with pytest.raises(DomainError, match="是立案通知书的文号"):
        D.find_document(station_db, notice.number or "", "decision")


def test_reprint_is_byte_identical_and_rerender_matches(station_db: Database) -> None:
    doc = _issue(station_db, "decision")
    one, two = D.reprint(station_db, str(doc.id)), D.reprint(station_db, str(doc.id))
    assert one == two and hashlib.sha256(one).hexdigest() == doc.sha256
    assert doc.issued_by == "测试员" and doc.template_version == "2"


def test_correction_refers_to_and_voids_the_old_document(station_db: Database) -> None:
    old = _issue(station_db, "filing-notice")
    fix = issuing.correct(station_db, old.id)
    issued = issuing.issue(station_db, fix.id, issued_on=ISSUED_ON)
    assert issued.corrects_id == old.id and issued.number != old.number
    assert old.number in _text(D.reprint(station_db, str(issued.id)))
    assert D.find_document(station_db, str(old.id)).status == "voided"


@pytest.mark.parametrize(("kind", "fields", "case_changes", "expected"), [
    ("service-receipt", {}, {"respondent_address": ""}, "张小明的送达地址"),
    ("hearing-notice", {"hearing_on": ""}, {}, "口头审理日期"),
    ("decision", {"orders": ""}, {}, "裁决事项"),
])
def test_missing_data_is_refused_with_a_list_and_nothing_is_numbered(
        station_db: Database, kind: str, fields: dict[str, str], case_changes: dict[str, str], expected: str) -> None:
    inp = case_input()
    if "respondent_address" in case_changes:
        inp.parties[1].address = ""
    case = S.create_case(station_db, inp)
    draft = D.create_draft(station_db, case.id, kind, {**FIELDS[kind], **fields})
    with pytest.raises(issuing.DocumentIncomplete) as info:
        issuing.issue(station_db, draft.id, issued_on=ISSUED_ON)
    assert expected in str(info.value) and "未编号" in str(info.value)
    with station_db.session() as s:
        assert s.query(NumberSequence).filter_by(series=kind).count() == 0
    assert D.list_documents(station_db, case.id)[0].status == "draft"


def test_rare_character_is_reported_before_issuing(station_db: Database) -> None:
    inp = case_input()
    inp.parties[1].name = "刘䶮"
    case = S.create_case(station_db, inp)
    draft = D.create_draft(station_db, case.id, "answer-notice", FIELDS["answer-notice"])
    if not missing_glyphs("䶮", load_fonts().body.name):
        assert "刘䶮" in _text(D.render_preview(station_db, draft.id))
        return
    with pytest.raises(MissingGlyphsError) as info:
        issuing.issue(station_db, draft.id, issued_on=ISSUED_ON)
    assert "䶮" in str(info.value)
    with station_db.session() as s:
        assert s.query(NumberSequence).filter_by(series="answer-notice").count() == 0


def test_electronic_service_is_refused_for_a_decision(station_db: Database) -> None:
    doc = _issue(station_db, "decision")
    with pytest.raises(DomainError, match="不适用电子送达"):
        add_service(station_db, doc.id, method="electronic", recipient="张小明", sent_on=ISSUED_ON)
    record, _ = add_service(station_db, doc.id, method="post", recipient="张小明", sent_on=ISSUED_ON,
                            received_on=date(2026, 5, 11), feed_procedure=False)
    assert record.method_label == "邮寄送达"


def test_answer_period_is_thirty_days_for_a_respondent_abroad(station_db: Database) -> None:
    inp = case_input()
    inp.parties[1].abroad = True
    case = S.create_case(station_db, inp)
    doc = _issue(station_db, "answer-notice", case.id)
    assert "三十日内" in _text(D.reprint(station_db, str(doc.id)))


def test_numbering_has_no_gaps_or_duplicates_under_two_connections(db_url: str) -> None:
    from adjudicator.stations.registry import init_station

    setup = open_database(db_url)
    init_station(setup, "01")
    case_id = S.create_case(setup, case_input()).id
    drafts = [D.create_draft(setup, case_id, "evidence-notice").id for _ in range(8)]
    setup.close()
    numbers: list[str] = []
    errors: list[BaseException] = []

    def worker(ids: list[object]) -> None:
        db = open_database(db_url)
        try:
            for doc_id in ids:
                numbers.append(issuing.issue(db, doc_id, issued_on=ISSUED_ON).number or "")  # type: ignore[arg-type]
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=worker, args=(drafts[i::2],)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(int(re.search(r"〕(\d+)号", n).group(1)) for n in numbers) == list(range(1, 9))  # type: ignore[union-attr]


def test_extension_form_states_the_limit_moved_by_a_suspension(station_db: Database) -> None:
    """Filed 2026-03-02, suspended 04-01..04-30: the limit is 2026-07-01, not 06-02."""
    from adjudicator.procedure.kinds import SUSPENSION_GROUNDS
    from adjudicator.procedure.service import EventInput, add_event

    case = S.create_case(station_db, case_input(received_on=date(2026, 2, 27)))
    ground = SUSPENSION_GROUNDS[0][0]
    add_event(station_db, case.id, EventInput("filed", date(2026, 3, 2)))
    add_event(station_db, case.id, EventInput("suspended", date(2026, 4, 1), details={"ground": ground}))
    add_event(station_db, case.id, EventInput("resumed", date(2026, 4, 30)))
    doc = _issue(station_db, "extension-approval", case.id, filed_on="2026-03-02")
    text = _text(D.reprint(station_db, doc.number or "", "extension-approval"))
    assert "2026年7月1日" in text and "2026年6月2日" not in text


def test_a_date_counted_into_an_unannounced_year_is_marked_provisional(station_db: Database) -> None:
    from adjudicator.calendar.workdays import default_calendar
    from adjudicator.documents.templates.common import due_text
    from adjudicator.documents.templates.context import DocumentContext
    from adjudicator.stations.registry import station

    ctx = DocumentContext(kind="answer-notice", case_no="呼新市监专裁字〔2026〕1号", case_kind="infringement",
                          received_on=date(2026, 12, 1), station=station(station_db), calendar=default_calendar())
    assert due_text(ctx, "answer", date(2026, 11, 2)) == "（即2026年11月17日以前）"
    assert due_text(ctx, "answer", date(2026, 12, 28)) == "（即2027年1月12日以前，暂定）"


def test_public_notice_service_is_deemed_received_after_the_setting(station_db: Database) -> None:
    from adjudicator.calendar.store import set_public_notice_days
    from adjudicator.procedure.service import EventInput, add_event, load_procedure

    case = S.create_case(station_db, case_input(received_on=date(2026, 2, 27)))
    add_event(station_db, case.id, EventInput("filed", date(2026, 3, 4)))
    doc = _issue(station_db, "answer-notice", case.id)
    view, message = add_service(station_db, doc.id, method="public_notice", recipient="张小明",
                                sent_on=date(2026, 5, 11))
    assert view.received_on == date(2026, 6, 10)  # 30 days, the default setting
    assert "视为送达" in view.note and "记入案件进程" in message
    kinds = [e.kind for e in load_procedure(station_db, case.id).events]
    assert "public_notice" in kinds
    set_public_notice_days(station_db, 60)  # the 2019 guide's figure
    view, _ = add_service(station_db, doc.id, method="public_notice", recipient="张小明",
                          sent_on=date(2026, 5, 11), feed_procedure=False)
    assert view.received_on == date(2026, 7, 10)
    with pytest.raises(DomainError, match="早于文书出具日期"):
        add_service(station_db, doc.id, method="post", recipient="张小明", sent_on=date(2026, 5, 1))
