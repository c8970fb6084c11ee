"""Dates typed as clerks write them."""

from __future__ import annotations

from datetime import date

import pytest

from adjudicator.calendar.dates import read_date
from adjudicator.errors import DomainError


@pytest.mark.parametrize("text", ["2026-3-2", "2026-03-02", "2026/3/2", "2026.3.2", "2026年3月2日", "2026年03月02日",
                                  "20260302", " ２０２６－３－２ ", "2026 年 3 月 2 日"])
def test_the_ways_a_date_is_written(text: str) -> None:
    assert read_date(text) == date(2026, 3, 2)


def test_blank_is_no_date() -> None:
    assert read_date("  ") is None


@pytest.mark.parametrize("text, words", [("2026-2-30", "不存在"), ("3月2日", "无法识别"), ("2026030", "无法识别"),
                                         ("（未填）2026", "无法识别")])
def test_what_is_not_a_date_is_refused_in_one_sentence(text: str, words: str) -> None:
    with pytest.raises(DomainError, match=words):
        read_date(text, "授权公告日")
