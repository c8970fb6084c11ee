"""Batch actions on many cases and the e-commerce quick track (Art. 43 clock, next step)."""

from __future__ import annotations

import io
import uuid
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from adjudicator.cases.service import create_case, get_case
from adjudicator.documents import service as D
from adjudicator.errors import DomainError
from adjudicator.intake import batch, track
from adjudicator.intake.service import import_preview, preview_file
from adjudicator.procedure.service import EventInput, add_event, load_procedure
from adjudicator.store import Database
from tests.core.factories import case_input
from tests.core.referral_sheets import LEGAL_AID_HEADER, good_row, write_xlsx
from tests.core.test_intake import dump

TODAY = date(2026, 12, 3)


def imported(db: Database, tmp_path: Path, n: int) -> list[uuid.UUID]:
    path = write_xlsx(tmp_path / "list.xlsx", LEGAL_AID_HEADER, [good_row(i) for i in range(n)])
    return [cid for _, cid in import_preview(db, preview_file(db, path, source="legal_aid", today=TODAY),
                                             today=TODAY).cases]


def test_the_same_event_on_many_cases_refuses_only_where_the_procedure_forbids(any_db: Database,
                                                                                tmp_path: Path) -> None:
    ids = imported(any_db, tmp_path, 4)
    add_event(any_db, ids[1], EventInput("filed", date(2026, 11, 2)), today=TODAY)
    before = get_case(any_db, ids[1]).version
    result = batch.record_event(any_db, ids, EventInput("filed", date(2026, 11, 3)), today=TODAY)
    assert [o.done for o in result.outcomes] == [True, False, True, True]
    assert "立案" in result.outcomes[1].message
    assert get_case(any_db, ids[1]).version == before
    assert [load_procedure(any_db, i, today=TODAY).status for i in ids] == ["filed"] * 4
    assert result.summary() == "登记“立案”：3 件完成，1 件未办理（该案未作任何改动）。"


def test_notices_are_numbered_in_their_series_with_one_combined_pdf(station_db: Database, tmp_path: Path) -> None:
    ids = imported(station_db, tmp_path, 3)
    batch.record_event(station_db, ids, EventInput("filed", date(2026, 11, 2)), today=TODAY)
    batch.set_assignment(station_db, ids, panel=["王建国", "李明", "赵敏"])  # the answer notice names the panel
    lacking = create_case(station_db, case_input(), today=TODAY)  # not filed: a filing notice is fine, …
    result = batch.issue_notices(station_db, [*ids, lacking.id], "answer-notice", issued_on=date(2026, 11, 4))
    numbers = [o.document_number for o in result.outcomes if o.done]
    assert numbers[:3] == [f"呼新市监专答字〔2026〕{n}号" for n in (1, 2, 3)]
    assert result.combined_pdf is not None
    pages = sum(D.find_document(station_db, n).pages for n in numbers)
    assert len(PdfReader(io.BytesIO(result.combined_pdf)).pages) == pages
    single = batch.document_pdf(station_db, result.outcomes[0].document_id)  # type: ignore[arg-type]
    assert single.startswith(b"%PDF")
    again_before = dump(station_db)
    again = batch.issue_notices(station_db, ids[:1], "answer-notice", issued_on=date(2026, 11, 4))
    assert not again.outcomes[0].done and "已出具答辩通知书 呼新市监专答字〔2026〕1号" in again.outcomes[0].message
    assert again.combined_pdf is None and dump(station_db) == again_before


def test_a_notice_a_case_cannot_have_leaves_no_draft_and_no_number(station_db: Database, tmp_path: Path) -> None:
    ids = imported(station_db, tmp_path, 2)
    before = dump(station_db)
    result = batch.issue_notices(station_db, ids, "hearing-notice", issued_on=date(2026, 11, 4))
    assert not any(o.done for o in result.outcomes)
    assert all("未出具、未编号" in o.message for o in result.outcomes)
    assert dump(station_db) == before


def test_handler_and_panel_for_many_cases(any_db: Database, tmp_path: Path) -> None:
    ids = imported(any_db, tmp_path, 3)
    stale = {ids[2]: get_case(any_db, ids[2]).version}
    batch.set_assignment(any_db, ids[2:], handler="赵敏")
    result = batch.set_assignment(any_db, ids, handler="李明", panel=["王建国", "李明", "赵敏"], versions=stale)
    assert [o.done for o in result.outcomes] == [True, True, False]
    assert "已被其他人修改" in result.outcomes[2].message
    assert (get_case(any_db, ids[0]).handler, get_case(any_db, ids[0]).panel) == ("李明", ("王建国", "李明", "赵敏"))
    assert get_case(any_db, ids[2]).handler == "赵敏"
    before = dump(any_db)
    with pytest.raises(DomainError, match="3 名以上单数"):
        batch.set_assignment(any_db, ids, panel=["王建国", "李明"])
    assert dump(any_db) == before


def test_cancelling_a_batch_keeps_finished_cases_and_leaves_the_rest_alone(station_db: Database,
                                                                           tmp_path: Path) -> None:
    ids = imported(station_db, tmp_path, 4)

    class Cancelled(Exception):
        pass

    def cancel_at_third(fraction: float, message: str) -> None:
        if "第 3/4 件" in message:
            raise Cancelled()

    with pytest.raises(Cancelled):
        batch.record_event(station_db, ids, EventInput("filed", date(2026, 11, 3)), today=TODAY,
                           progress=cancel_at_third)
    assert [load_procedure(station_db, i, today=TODAY).status for i in ids] == ["filed", "filed", "received",
                                                                               "received"]


def test_art_43_clock_counts_fifteen_days_and_rolls_past_the_national_day_holiday(station_db: Database,
                                                                                  tmp_path: Path) -> None:
    [case_id] = imported(station_db, tmp_path, 1)  # received 2026-10-01
    view = track.ecommerce_track(station_db, case_id, today=TODAY)
    assert view.clock is None and view.next_step.event_kind == "filed"
    assert view.complaint_nos == ("WQ2026-00001",)
    view = track.record_statement_forwarded(station_db, case_id, date(2026, 9, 20), expected_version=view.version,
                                            today=TODAY)
    assert view.clock is not None
    assert view.clock.due == date(2026, 10, 8)  # 10-05 falls in the holiday (10-01..07)
    assert view.clock.in_time and "在期限内" in view.clock.text(TODAY)
    with pytest.raises(DomainError, match="已被其他人修改"):
        track.record_statement_forwarded(station_db, case_id, date(2026, 9, 1), expected_version=1, today=TODAY)
    with pytest.raises(DomainError, match="晚于今天"):
        track.record_statement_forwarded(station_db, case_id, date(2026, 12, 4), today=TODAY)
    late = track.record_statement_forwarded(station_db, case_id, date(2026, 9, 1), today=TODAY)
    assert late.clock is not None and late.clock.due == date(2026, 9, 16) and not late.clock.in_time
    assert "已超过期限" in late.clock.text(TODAY)


def test_next_step_follows_the_procedure(station_db: Database, tmp_path: Path) -> None:
    [case_id] = imported(station_db, tmp_path, 1)
    add_event(station_db, case_id, EventInput("filed", date(2026, 11, 2)), today=TODAY)
    step = track.ecommerce_track(station_db, case_id, today=TODAY).next_step
    assert (step.event_kind, step.document_kind, step.due) == ("request_served", "answer-notice", date(2026, 11, 9))
    add_event(station_db, case_id, EventInput("request_served", date(2026, 11, 5), date(2026, 11, 6)), today=TODAY)
    step = track.ecommerce_track(station_db, case_id, today=TODAY).next_step
    assert step.text.startswith("等待当事人：答辩期限至 2026-11-23")
    other = create_case(station_db, case_input(kind="infringement", ecommerce=None), today=TODAY)
    with pytest.raises(DomainError, match="不是电商领域案件"):
        track.ecommerce_track(station_db, other.id, today=TODAY)


def test_a_forwarded_date_in_the_list_is_imported(station_db: Database, tmp_path: Path) -> None:
    header = [*LEGAL_AID_HEADER, "转送声明日期"]
    rows = [[*good_row(0), "2026-09-25"]]
    path = write_xlsx(tmp_path / "l.xlsx", header, rows)
    [(_, case_id)] = import_preview(station_db, preview_file(station_db, path, source="legal_aid", today=TODAY),
                                    today=TODAY).cases
    view = track.ecommerce_track(station_db, case_id, today=TODAY)
    assert view.clock is not None and view.clock.forwarded_on == date(2026, 9, 25)
    assert view.clock.due == date(2026, 10, 10)  # 10-10 is a make-up working day (Saturday)


def test_notices_carry_the_versions_the_list_showed(any_db: Database, tmp_path: Path) -> None:
    ids = imported(any_db, tmp_path, 3)
    batch.record_event(any_db, ids, EventInput("filed", date(2026, 11, 2)), today=TODAY)
    batch.set_assignment(any_db, ids, panel=["王建国", "李明", "赵敏"])
    shown = {case_id: get_case(any_db, case_id).version for case_id in ids}
    batch.set_assignment(any_db, ids[1:2], handler="赵敏")  # another clerk's change after the list showed it
    changed = get_case(any_db, ids[1]).version
    result = batch.issue_notices(any_db, ids, "answer-notice", issued_on=date(2026, 11, 4), versions=shown)
    assert [o.done for o in result.outcomes] == [True, False, True]
    assert "已被其他人修改" in result.outcomes[1].message
    assert D.list_documents(any_db, ids[1]) == [] and get_case(any_db, ids[1]).version == changed  # nothing left
    assert [o.document_number for o in result.outcomes if o.done] == \
        [f"呼新市监专答字〔2026〕{n}号" for n in (1, 2)]  # the refused case took no number
