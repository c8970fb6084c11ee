"""Input limits: one rule on SQLite and PostgreSQL, a sentence naming the field, nothing saved."""

from __future__ import annotations

import pytest

from adjudicator.cases import service as S
from adjudicator.errors import ValidationError
from adjudicator.procedure.service import EventInput, add_event
from adjudicator.store import Database
from adjudicator.store.limits import TEXT_LIMIT
from tests.cli.conftest import Station
from tests.cli.dump import dump
from tests.core.factories import case_input


@pytest.mark.parametrize(("where", "value", "words"), [
    ("name", "王" * 100_000, "最多 200 个字"),
    ("address", "呼和浩特市" * 100, "最多 300 个字"),
    ("name", "张三\n李四", "只能写一行"),
    ("notes", "备" * (TEXT_LIMIT + 1), f"最多 {TEXT_LIMIT} 个字"),
])
def test_long_or_multiline_values_are_refused_alike(any_db: Database, db_url: str, where: str, value: str,
                                                    words: str) -> None:
    before = dump(db_url)
    inp = case_input()
    if where == "notes":
        inp.notes = value
    else:
        setattr(inp.parties[0], where, value)
    with pytest.raises(ValidationError) as err:
        S.create_case(any_db, inp)
    assert words in str(err.value)
    assert dump(db_url) == before


def test_a_note_may_have_several_lines(any_db: Database) -> None:
    inp = case_input()
    inp.notes = "第一行\n第二行"
    assert S.create_case(any_db, inp).notes == "第一行\n第二行"


def test_event_notes_are_bounded(any_db: Database, db_url: str) -> None:
    case = S.create_case(any_db, case_input())
    before = dump(db_url)
    with pytest.raises(ValidationError, match="备注"):
        add_event(any_db, case.id, EventInput("filed", case.received_on, None, {}, "很" * (TEXT_LIMIT + 1)))
    assert dump(db_url) == before


@pytest.mark.parametrize("words", [9, 400, 1000])
def test_many_filter_words_are_refused_on_the_command_line(station: Station, capsys: pytest.CaptureFixture[str],
                                                           words: int) -> None:
    code, _, err = station.run(capsys, "case", "list", "--filter", " ".join(f"词{i}" for i in range(words)))
    assert code == 1 and "最多 8 个词" in err and len(err.splitlines()) == 1


def test_many_filter_words_are_answered_by_the_service(any_db: Database) -> None:
    S.create_case(any_db, case_input())
    text = " ".join(["小明"] * 3 + [f"z{i}" for i in range(1000)])
    assert S.list_cases(any_db, S.CaseQuery(text=text)) == []
    assert len(S.list_cases(any_db, S.CaseQuery(text="小明 " * 500))) == 1
