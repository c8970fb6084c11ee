"""Type-to-filter in memory finds exactly the cases the SQL filter finds, keystroke after keystroke."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adjudicator.cases import listing
from adjudicator.cases import service as case_service
from adjudicator.cases.filtering import TextFilter
from adjudicator.cases.query import CaseQuery, filter_words
from adjudicator.demo.generate import generate_demo
from adjudicator.stations.registry import init_station
from adjudicator.store import Database, open_database

#: Characters the filter meets in practice, and the ones the SQL side must escape or quote.
AWKWARD = " ZL%_\\\"'〔〕*-."


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def demo_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """Sixty demo cases (real names, case and patent numbers), once per backend for the module."""
    from tests.conftest import PG_URL, drop_pg_database, new_pg_database

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('filter') / 'station.db'}"
    elif not PG_URL:
        pytest.skip("PostgreSQL not configured: set ADJUDICATOR_TEST_PG (.ci/run does)")
    else:
        url = new_pg_database()
    db = open_database(url)
    try:
        init_station(db, "01", user="测试员")
        generate_demo(db, 60, seed=11)
        yield db
    finally:
        db.close()
        if request.param != "sqlite":
            drop_pg_database(url)


@pytest.fixture(scope="module")
def loaded(demo_db: Database) -> tuple[list[str], list[str]]:
    """What the case list loads: every case key in display order, with its search text."""
    return listing.query_case_keys_and_texts(demo_db, CaseQuery())


def _alphabet(texts: list[str]) -> str:
    return "".join(sorted(set("".join(texts)) | set(AWKWARD)))


def _naive(texts: list[str], text: str) -> list[int]:
    words = filter_words(text)
    return [i for i, t in enumerate(texts) if all(w in t for w in words)]


def test_in_memory_filter_agrees_with_sql(demo_db: Database, loaded: tuple[list[str], list[str]]) -> None:
    keys, texts = loaded
    alphabet = _alphabet(texts)
    # Words taken from the data itself, so that most examples match something.
    samples = st.sampled_from(texts).flatmap(
        lambda t: st.tuples(st.integers(0, len(t)), st.integers(1, 4)).map(lambda p: t[p[0]:p[0] + p[1]]))
    filter_texts = st.one_of(st.text(alphabet, max_size=6), samples,
                             st.lists(samples, min_size=1, max_size=3).map(" ".join))

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(filter_texts)
    def check(text: str) -> None:
        rows = TextFilter(texts).rows(text)
        assert rows is not None
        in_memory = [uuid.UUID(keys[i]) for i in rows]
        assert in_memory == case_service.query_case_ids(demo_db, CaseQuery(text=text)), text

    check()


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_typing_narrows_backspaces_and_pastes_correctly(data: st.DataObject) -> None:
    """One filter across a sequence of filter texts answers each as if it were the first."""
    texts = data.draw(st.lists(st.text("张伟科技有限公司 zl2016〔〕1", max_size=12), max_size=40))
    text_filter = TextFilter(texts)
    typed = data.draw(st.lists(st.text("张伟科技 zl2016〔", max_size=5), min_size=1, max_size=10))
    for text in typed:
        limit = data.draw(st.integers(1, 8))
        first, complete = text_filter.first_rows(text, limit)
        expected = _naive(texts, text)
        assert list(first) == expected[:len(first)]
        if complete:
            assert list(first) == expected
        else:  # stopped at the limit; more may follow
            assert len(first) == limit
        rows = text_filter.rows(text)
        assert rows is not None and list(rows) == expected


def test_a_stopped_search_remembers_nothing() -> None:
    texts = ["张伟 科技有限公司", "李娜", "张伟"] * 10_000
    text_filter = TextFilter(texts)
    assert text_filter.rows("张伟", should_stop=lambda: True) is None
    rows = text_filter.rows("张伟")
    assert rows is not None and len(rows) == 20_000
    first, complete = text_filter.first_rows("张伟 科技", 5)
    assert list(first) == [0, 3, 6, 9, 12] and not complete


def test_first_page_from_the_file_is_what_sqlalchemy_reads(
        demo_db: Database, loaded: tuple[list[str], list[str]]) -> None:
    from adjudicator.cases.first_page import read_first_page

    if demo_db.path is None:
        pytest.skip("only a SQLite file is read directly")
    page = read_first_page(demo_db.path, 25)
    assert page is not None
    keys, rows = page
    assert keys == listing.query_case_keys(demo_db, CaseQuery(), 25) == loaded[0][:25]
    assert rows == listing.case_rows_by_keys(demo_db, keys)
    assert read_first_page(demo_db.path.with_name("missing.db"), 25) is None


def test_matches_far_down_the_list_and_texts_with_newlines() -> None:
    texts = ["呼新市监专裁字〔2026〕1号 王伟"] * 5000 + ["呼新市监专裁字〔2025〕7号\n张伟", "", "〔2025〕8号 张伟"]
    text_filter = TextFilter(texts).prepare()
    first, complete = text_filter.first_rows("〔2025〕", 1)
    assert list(first) == [5000] and not complete
    first, complete = text_filter.first_rows("〔2025〕 张伟", 5)
    assert list(first) == [5000, 5002] and complete
    assert list(text_filter.rows("号\n张伟") or []) == [5000, 5002]  # two words: 号 and 张伟
    assert list(text_filter.rows("〔2025〕") or []) == [5000, 5002]
