"""Every notice right: each defect the administrative-law review found, read back from issued PDFs."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adjudicator.cases import inputs as C
from adjudicator.cases import service as S
from adjudicator.documents import issuing
from adjudicator.documents import service as D
from adjudicator.documents.templates import TEMPLATES, document_prefix
from adjudicator.documents.templates.common import clock_text, months_text
from adjudicator.errors import DomainError
from adjudicator.procedure.service import EventInput, add_event
from adjudicator.stations.registry import shipped_registry
from adjudicator.store import Database
from tests.core.factories import case_input
from tests.core.test_decision import _text

DAY = date(2026, 5, 8)


def _issued_text(db: Database, case_id: object, kind: str, **fields: str) -> str:
    draft = D.create_draft(db, case_id, kind, fields)  # type: ignore[arg-type]
    doc = issuing.issue(db, draft.id, issued_on=DAY)
    return _text(D.reprint(db, str(doc.id)))


def test_answer_notice_names_the_panel_and_the_recusal_right_and_says_yiqian(station_db: Database) -> None:
    case = S.create_case(station_db, case_input())
    add_event(station_db, case.id, EventInput("filed", date(2026, 3, 4)))
    add_event(station_db, case.id, EventInput("request_served", date(2026, 3, 9), date(2026, 3, 10)))
    text = _issued_text(station_db, case.id, "answer-notice")
    assert "本案由王建国、李明、赵敏组成合议组审理，王建国为组长" in text
    assert "自知道合议组成员名单之日起三个工作日内书面申请回避" in text
    assert "（即2026年3月25日以前）" in text


def test_online_hearing_notice_gives_platform_meeting_number_and_online_rules(station_db: Database) -> None:
    case = S.create_case(station_db, case_input())
    text = _issued_text(station_db, case.id, "hearing-notice", hearing_on="2026-05-20", hearing_time="09:30",
                        mode="online", platform="腾讯会议", meeting_no="836-529-174",
                        link="https://meeting.tencent.com/dm/Xk2sR8pQ")
    assert "2026年5月20日上午9时30分通过腾讯会议在线（会议号：836-529-174；入会链接：" in text
    assert "登录在线会议室" in text and "不得录音、录像" in text
    assert "按时到达" not in text and "09:30" not in text
    draft = D.create_draft(station_db, case.id, "hearing-notice", {"hearing_on": "2026-05-20", "hearing_time": "14:00",
                                                                    "mode": "online"})
    assert {"在线审理平台（如：腾讯会议）", "会议号"} <= set(D.missing_fields(station_db, draft.id))
    assert clock_text("14:00") == "下午2时" and clock_text("上午9时30分") == "上午9时30分"


def test_extension_needs_the_higher_department_for_two_more_months(station_db: Database) -> None:
    case = S.create_case(station_db, case_input())
    fields = {"filed_on": "2026-03-04", "months": "2", "reason": "需要进行技术鉴定"}
    draft = D.create_draft(station_db, case.id, "extension-approval", {**fields, "level": "head"})
    with pytest.raises(DomainError, match="部门负责人至多批准延长一个月"):
        issuing.issue(station_db, draft.id, issued_on=DAY)
    text = _issued_text(station_db, case.id, "extension-approval", **fields, level="higher", approver="市局负责人")
    assert "两个月" in text and "二个月" not in text
    assert "上一级部门审批意见" in text and "同意报请上一级管理专利工作的部门批准" in text
    assert months_text(2) == "两个月" and months_text(1) == "一个月"


def test_withdrawal_states_the_ground_as_a_sentence_and_the_remedy_when_against_the_requester(
        station_db: Database) -> None:
    case = S.create_case(station_db, case_input())
    text = _issued_text(station_db, case.id, "withdrawal-decision", ground="not_eligible", filed_on="2026-03-04",
                        detail="涉案专利权已于2026年2月1日因未缴纳年费而终止")
    assert "经审查，本案不符合受理条件：涉案专利权已于2026年2月1日因未缴纳年费而终止。" in text
    assert "六十日内向呼和浩特市新城区人民政府申请行政复议" in text and "呼和浩特市中级人民法院提起行政诉讼" in text
    own = _issued_text(station_db, case.id, "withdrawal-decision", ground="requester_withdrew", filed_on="2026-03-04")
    assert "行政复议" not in own
    with pytest.raises(DomainError, match="撤销理由"):
        issuing.issue(station_db, D.create_draft(station_db, case.id, "withdrawal-decision",
                                                 {"ground": "mediation_failed", "filed_on": "2026-03-04"}).id, issued_on=DAY)


def test_service_receipts_for_every_party_and_agent_and_no_electronic_for_decisions(station_db: Database) -> None:
    inp = case_input()
    inp.parties[0].agents = [C.AgentInput("刘律师", "内蒙古正大律师事务所")]
    inp.parties.append(C.PartyInput("respondent", "organisation", "义乌市星辰电子商务有限公司",
                                    id_number="91330782MA2E8RQ541", address="浙江省义乌市福田街道商城大道88号"))
    case = S.create_case(station_db, inp)
    second = _issued_text(station_db, case.id, "service-receipt", recipient="义乌市星辰电子商务有限公司",
                          served_document="答辩通知书")
    assert "义乌市星辰电子商务有限公司（被请求人）" in second and "浙江省义乌市福田街道商城大道88号" in second
    agent = _issued_text(station_db, case.id, "service-receipt", recipient="刘律师",
                         served_document=f"行政裁决书{case.case_no}")
    assert "刘律师（请求人内蒙古草原星光科技有限公司的委托代理人）" in agent
    assert "呼和浩特市新城区新华大街1号" in agent and "电子送达" not in agent


def test_invalidation_suspends_only_utility_models_and_designs(station_db: Database) -> None:
    fields = {"ground": "涉案专利权被请求宣告无效", "suspended_on": "2026-04-01",
              "invalidation_accepted_on": "2026-03-20", "invalidation_no": "4W123456"}
    case = S.create_case(station_db, case_input())
    text = _issued_text(station_db, case.id, "suspension-notice", **fields)
    assert "涉案实用新型专利权已被请求宣告无效，国家知识产权局已于2026年3月20日受理该无效宣告请求（案件编号：4W123456）" \
        in text
    invention = case_input()
    invention.patent = C.PatentInput("ZL 2019 1 0123456.X", kind="invention", title="一种数据同步方法")
    other = S.create_case(station_db, invention)
    draft = D.create_draft(station_db, other.id, "suspension-notice", fields)
    with pytest.raises(DomainError, match="涉案专利为发明专利"):
        issuing.issue(station_db, draft.id, issued_on=DAY)


def test_mediation_agreement_has_dated_signature_lines_and_the_judicial_confirmation_note(
        station_db: Database) -> None:
    case = S.create_case(station_db, case_input())
    text = _issued_text(station_db, case.id, "mediation-agreement", terms="被请求人于2026年6月1日以前删除全部商品链接。")
    assert "请求人（签名或盖章）：内蒙古草原星光科技有限公司年月日" in text
    assert "被请求人（签名或盖章）：张小明年月日" in text
    assert "申请司法确认" in text


def test_no_document_number_can_equal_any_case_number_of_any_station() -> None:
    """Case numbers use each station's prefix; every other series has a 字 that no station's prefix is."""
    case_prefixes = {info.doc_prefix for info in shipped_registry()}
    for info in shipped_registry():
        for kind in TEMPLATES:
            prefix = document_prefix(info.doc_prefix, kind)
            if kind == "decision":
                assert prefix == info.doc_prefix  # the decision carries its own case's number
            else:
                assert prefix not in case_prefixes, (info.code, kind, prefix)


def test_authority_court_and_platforms_are_settings_from_the_command_line(
        station_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from adjudicator.cli import main

    url = str(station_db.engine.url.database)
    assert main(["--db", url, "doc", "authority", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["court"] == "呼和浩特市中级人民法院"
    assert main(["--db", url, "doc", "authority", "--court", "呼和浩特市新城区人民法院"]) == 1
    assert "中级人民法院" in capsys.readouterr().err
    assert main(["--db", url, "doc", "authority", "--office-name", "呼和浩特市新城区市场监督管理局（知识产权局）"]) == 0
    capsys.readouterr()
    case = S.create_case(station_db, case_input())
    text = _issued_text(station_db, case.id, "refusal-notice", ground="请求人未能证明其为利害关系人")
    assert text.startswith("呼和浩特市新城区市场监督管理局（知识产权局）")
    assert main(["--db", url, "doc", "platform", "1688", "--operator", "阿里巴巴"]) == 1
    assert "法定名称" in capsys.readouterr().err
    assert main(["--db", url, "doc", "platform", "1688", "--operator", "阿里巴巴（中国）网络技术有限公司", "--json"]) == 0
    listed = {p["platform"]: p["operator"] for p in json.loads(capsys.readouterr().out)["platforms"]}
    assert listed["天猫"] == "浙江天猫网络有限公司" and listed["1688"] == "阿里巴巴（中国）网络技术有限公司"


@given(prefix=st.text(alphabet="呼新回玉赛土托和清武市监专裁字知京", min_size=1, max_size=8),
       year=st.integers(2004, 2099), seq=st.integers(1, 99999), kind=st.sampled_from(sorted(TEMPLATES)))
def test_a_document_number_never_equals_its_stations_case_number(prefix: str, year: int, seq: int,
                                                                 kind: str) -> None:
    from adjudicator.cases.inputs import format_case_no
    from adjudicator.documents.templates import format_document_number

    same = format_document_number(prefix, year, seq, kind) == format_case_no(prefix, year, seq)
    assert same == (kind == "decision")  # only the decision carries the case's number


def test_deemed_withdrawn_needs_a_hearing_the_requester_was_called_to(station_db: Database) -> None:
    """视为撤回 for missing the hearing: refused when none was fixed or the one fixed was cancelled."""
    case = S.create_case(station_db, case_input())
    add_event(station_db, case.id, EventInput("filed", date(2026, 3, 4)))
    draft = D.create_draft(station_db, case.id, "withdrawal-decision",
                           {"ground": "deemed_withdrawn", "filed_on": "2026-03-04"})
    assert any("请求人应参加的口头审理" in m for m in D.missing_fields(station_db, draft.id))
    add_event(station_db, case.id, EventInput("hearing_scheduled", date(2026, 3, 20), details={
        "hearing_on": "2026-04-08", "place": "本局第一审理室"}))
    assert D.missing_fields(station_db, draft.id) == []
    add_event(station_db, case.id, EventInput("hearing_cancelled", date(2026, 4, 1), details={"reason": "改为书面审理"}))
    with pytest.raises(DomainError, match="请求人应参加的口头审理"):
        issuing.issue(station_db, draft.id, issued_on=DAY)
