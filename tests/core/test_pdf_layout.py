"""Official-document layout (GB/T 9704-2012): pages, fonts, line breaking, determinism.

Runs on the bundled fonts only (``ADJUDICATOR_FONTS=bundled``), so it passes on machines without
the Windows faces. ``PYTHONPATH=. python tests/core/test_pdf_layout.py OUT.pdf`` writes the sample decision
for a person to look at.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from adjudicator.documents import fonts as fonts_module
from adjudicator.documents.fonts import FontSet, load_fonts, missing_glyphs
from adjudicator.documents.layout import (
    BLOCK_HEIGHT,
    BLOCK_LEFT,
    BLOCK_TOP,
    BLOCK_WIDTH,
    BODY_SIZE,
    CHAR_PITCH,
    GRID_CHAR_SPACE,
    NO_LINE_END,
    NO_LINE_START,
    Block,
    DocNumber,
    GridTable,
    Heading,
    KeyValueTable,
    MissingGlyphsError,
    NumberedList,
    PageBreak,
    Para,
    SignatureBlock,
    Spacer,
    Title,
    break_lines,
    check_renderable,
    cn_numeral,
    format_cn_date,
    list_label,
    render_pdf,
)

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
ROOT = Path(__file__).resolve().parents[2]
OFFICE = "呼和浩特市新城区市场监督管理局"
DECISION = "专利侵权纠纷案件行政裁决书"
NUMBER = "呼市监专裁字〔2026〕7号"
PATENT = "ZL201620161392.4"
REMEDY = (
    "当事人不服本裁决的，可以自收到本裁决书之日起十五日内，依照《中华人民共和国行政诉讼法》向呼和浩特市"
    "中级人民法院提起行政诉讼。期满不起诉又不履行的，本局将依法申请人民法院强制执行。"
)


def decision_blocks() -> list[Block]:
    """A realistic 行政裁决书 of about three pages."""
    return [
        Title(OFFICE, DECISION),
        DocNumber(NUMBER),
        Para("请求人：内蒙古草原智造科技有限公司，住所地内蒙古自治区呼和浩特市新城区兴安北路168号。", indent=False),
        Para("法定代表人：王建国，该公司总经理。", indent=False),
        Para("委托代理人：李明，北京某某知识产权代理有限公司专利代理师。", indent=False),
        Para("被请求人：呼和浩特市塞北机械制造有限责任公司，住所地内蒙古自治区呼和浩特市赛罕区大学东街25号。",
             indent=False),
        Para("法定代表人：赵志刚，该公司执行董事。", indent=False),
        Para(f"案由：「一种奶茶加热搅拌装置」（专利号：{PATENT}）实用新型专利侵权纠纷。", indent=False),
        Para("请求人于2026年1月5日向本局提出专利侵权纠纷处理请求，本局于2026年1月9日依法立案，并依法组成合议组。"
             "本局于2026年2月10日公开进行了口头审理，请求人的委托代理人李明、被请求人的法定代表人赵志刚到庭参加了"
             "口头审理。本案现已审理终结。"),
        Heading("一、当事人的主张", 1),
        Heading("（一）请求人的主张", 2),
        Para(f"请求人称：其是名称为“一种奶茶加热搅拌装置”、专利号为{PATENT}的实用新型专利（以下简称涉案专利）"
             "的专利权人，该专利于2016年3月3日申请，于2016年8月17日授权公告，目前处于有效状态。被请求人未经许可，"
             "制造、销售、许诺销售的“塞北牌”奶茶机（型号SB-2000）落入涉案专利权利要求1至3的保护范围，"
             "侵犯了请求人的专利权。"),
        Heading("（二）被请求人的答辩。", 2,
                body="被请求人辩称：被控侵权产品采用的是现有技术，不构成侵权；请求人主张的赔偿数额缺乏依据。"),
        Heading("二、经审理查明", 1),
        NumberedList([
            ("涉案专利的权利要求1为：“一种奶茶加热搅拌装置，包括机体（1）、加热组件（2）和搅拌组件（3），"
             "其特征在于……”。"),
            "2026年1月20日，本局执法人员在被请求人的经营场所现场勘验，提取被控侵权产品一台，并制作了现场勘验笔录。",
            "被请求人在其网站及某电商平台店铺中展示并销售被控侵权产品，标价每台12800元。",
        ], style="1."),
        Heading("三、本局认为", 1),
        Para("本案的争议焦点在于：被控侵权产品是否落入涉案专利权的保护范围，以及被请求人的现有技术抗辩是否成立。"
             "根据《中华人民共和国专利法》第六十四条第一款的规定，实用新型专利权的保护范围以其权利要求的内容为准。"
             "经比对，被控侵权产品具备涉案专利权利要求1的全部技术特征，落入涉案专利权的保护范围。"),
        Para("依照《中华人民共和国专利法》第六十五条之规定，裁决如下："),
        NumberedList([
            f"被请求人立即停止制造、销售、许诺销售侵犯{PATENT}号实用新型专利权的产品；",
            "被请求人立即销毁库存的侵权产品及专用于制造侵权产品的模具。",
        ], style="一、"),
        Para(REMEDY),
        SignatureBlock(lines=["合议组组长：张　三", "合议组成员：李　四", "　　　　　　王　五"],
                       date=date(2026, 3, 2), seal_text=OFFICE, after=["书记员：赵　六"]),
    ]


@pytest.fixture(autouse=True)
def bundled_fonts(monkeypatch: pytest.MonkeyPatch) -> Iterator[FontSet]:
    monkeypatch.setenv("ADJUDICATOR_FONTS", "bundled")
    yield load_fonts()


@pytest.fixture(scope="module")
def decision_pdf() -> bytes:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ADJUDICATOR_FONTS", "bundled")
        return render_pdf(decision_blocks(), title="行政裁决书", subject=NUMBER, author=OFFICE)


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def placed_text(pdf: bytes) -> list[list[tuple[str, float, float, float]]]:
    """Per page: (text, x, y, font size) of every text show, in page coordinates."""
    pages = []
    for page in reader(pdf).pages:
        shown: list[tuple[str, float, float, float]] = []

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                  shown: list[tuple[str, float, float, float]] = shown) -> None:
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                shown.append((text, x, y, size * (tm[3] or 1) * (cm[3] or 1)))

        page.extract_text(visitor_text=visit)
        pages.append(shown)
    return pages


# --- the page ------------------------------------------------------------------------------------
def test_pages_are_a4_and_the_sample_runs_to_three_pages(decision_pdf: bytes) -> None:
    pages = reader(decision_pdf).pages
    assert len(pages) == 3
    for page in pages:
        assert float(page.mediabox.width) == pytest.approx(A4[0], abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(A4[1], abs=0.01)


def test_fonts_are_embedded_as_subsets(decision_pdf: bytes) -> None:
    seen = set()
    for page in reader(decision_pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            seen.add(str(font["/BaseFont"]))
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            assert re.fullmatch(r"/[A-Z]{6}\+\S+", str(font["/BaseFont"])), font["/BaseFont"]
    assert any("AdjudicatorSerifSC" in name for name in seen)
    assert any("AdjudicatorSansSC" in name for name in seen)  # 黑体 headings


def test_text_and_page_numbers_can_be_extracted(decision_pdf: bytes) -> None:
    texts = [page.extract_text() for page in reader(decision_pdf).pages]
    whole = "".join(texts).replace("\n", "")
    for expected in (OFFICE, DECISION, NUMBER, PATENT, "一、当事人的主张", "（一）请求人的主张", "2026年3月2日",
                     "书记员：赵　六"):
        assert expected in whole, expected
    for number, text in enumerate(texts, start=1):
        assert f"— {number} —" in text


def test_text_stays_inside_the_text_block(decision_pdf: bytes) -> None:
    left, right = BLOCK_LEFT, BLOCK_LEFT + BLOCK_WIDTH
    top = A4[1] - BLOCK_TOP
    bottom = top - BLOCK_HEIGHT
    body = 0
    for shown in placed_text(decision_pdf):
        for text, x, y, size in shown:
            if "—" in text and y < bottom:
                continue  # the page number, checked below
            body += 1
            assert left - 0.01 <= x < right, (text, x / MM)
            assert bottom <= y - 0.2 * size and y + 0.88 * size <= top, (text, y / MM)
    assert body > 50


def test_page_numbers_sit_on_the_outer_side_7mm_below_the_text_block(decision_pdf: bytes) -> None:
    bottom = A4[1] - BLOCK_TOP - BLOCK_HEIGHT
    for number, shown in enumerate(placed_text(decision_pdf), start=1):
        [(_text, x, y, size)] = [s for s in shown if "—" in s[0]]
        assert size == pytest.approx(14)
        assert bottom - 9 * MM < y < bottom - 7 * MM  # baseline: the dash line is 7 mm under the block
        if number % 2:
            assert x > BLOCK_LEFT + BLOCK_WIDTH / 2
        else:
            assert BLOCK_LEFT < x < BLOCK_LEFT + BLOCK_WIDTH / 4


def test_body_sits_on_a_grid_of_22_lines_of_28_characters() -> None:
    text = "国" * 28 * 30
    lines = break_lines(text, load_fonts().body.name, BODY_SIZE, BLOCK_WIDTH, first_indent=2 * CHAR_PITCH,
                        char_space=GRID_CHAR_SPACE)
    assert len(lines[0]) == 26 and {len(line) for line in lines[1:-1]} == {28}
    pdf = render_pdf([Para(text)], title="grid")
    baselines = {round(y, 1) for _text, _x, y, _size in placed_text(pdf)[0] if y > 35 * MM}
    assert len(baselines) == 22


def test_a_one_page_document_is_numbered_on_the_right() -> None:
    [shown] = placed_text(render_pdf([Para("本页仅一段。")], title="一页"))
    [(text, x, _y, _size)] = [s for s in shown if "—" in s[0]]
    assert text.strip() == "— 1 —" and x > BLOCK_LEFT + BLOCK_WIDTH / 2


# --- determinism and metadata --------------------------------------------------------------------
def test_the_same_blocks_give_byte_identical_pdfs(decision_pdf: bytes) -> None:
    again = render_pdf(decision_blocks(), title="行政裁决书", subject=NUMBER, author=OFFICE)
    assert hashlib.sha256(again).digest() == hashlib.sha256(decision_pdf).digest()


def test_another_process_gives_the_same_bytes(decision_pdf: bytes) -> None:
    script = (
        "import hashlib, sys; sys.path[:0] = [sys.argv[1], sys.argv[2]];"
        "from test_pdf_layout import decision_blocks, NUMBER, OFFICE;"
        "from adjudicator.documents.layout import render_pdf;"
        "pdf = render_pdf(decision_blocks(), title='行政裁决书', subject=NUMBER, author=OFFICE);"
        "print(hashlib.sha256(pdf).hexdigest())"
    )
    env = dict(os.environ, ADJUDICATOR_FONTS="bundled", PYTHONHASHSEED="12345", SOURCE_DATE_EPOCH="1700000000")
    out = subprocess.run([sys.executable, "-c", script, str(ROOT), str(Path(__file__).parent)],
                         env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == hashlib.sha256(decision_pdf).hexdigest()


def test_creation_date_and_properties_are_recorded() -> None:
    issued = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    pdf = render_pdf([Para("内容")], title="行政裁决书", subject=NUMBER, author=OFFICE, created=issued)
    meta = reader(pdf).metadata
    assert meta is not None
    assert meta["/CreationDate"] == "D:20260302093000+08'00'"
    assert (meta.title, meta.subject, meta.author) == ("行政裁决书", NUMBER, OFFICE)
    assert pdf != render_pdf([Para("内容")], title="行政裁决书", subject=NUMBER, author=OFFICE,
                             created=issued + timedelta(days=1))


def test_file_id_depends_on_the_content() -> None:
    first = reader(render_pdf([Para("甲")], title="同名")).trailer["/ID"][0]
    second = reader(render_pdf([Para("乙")], title="同名")).trailer["/ID"][0]
    assert first != second


def test_a_draft_carries_a_watermark_on_every_page() -> None:
    blocks: list[Block] = [Para("第一页。"), PageBreak(), Para("第二页。")]
    draft = reader(render_pdf(blocks, title="草案", draft=True))
    assert all("草稿" in page.extract_text() for page in draft.pages)
    final = reader(render_pdf(blocks, title="定稿"))
    assert not any("草稿" in page.extract_text() for page in final.pages)


# --- characters the fonts lack -------------------------------------------------------------------
def test_missing_glyphs_names_exactly_what_the_font_lacks() -> None:
    from fontTools import ttLib as ttlib
    fonts = load_fonts()
    cmap = ttlib.TTFont(str(fonts.body.path)).getBestCmap()
    text = f"刘䶮与𠀀、㛃及𪚥乙\u3000 A\t\n{PATENT}，鿫㐀"
    expected = {c for c in text if not c.isspace() and ord(c) not in cmap}
    assert "𠀀" in expected and "国" not in expected
    assert missing_glyphs(text, fonts.body.name) == expected
    assert missing_glyphs("\u200b\ufe00 \n", fonts.body.name) == set()


def test_a_document_with_a_missing_character_is_refused_not_printed_as_a_box() -> None:
    blocks: list[Block] = [Title(OFFICE, DECISION), Para("被请求人：𠀀某某，男。"), Para("另有𠀀与𪚥二字。")]
    assert check_renderable(blocks) == ["𠀀", "𪚥"]
    with pytest.raises(MissingGlyphsError) as refused:
        render_pdf(blocks, title="裁决书")
    assert "U+20000" in str(refused.value) and "𪚥" in str(refused.value)
    draft = "".join(p.extract_text() for p in reader(render_pdf(blocks, title="裁决书", draft=True)).pages)
    assert "〓某某" in draft  # a draft marks the gap instead of a box


def test_check_renderable_is_empty_for_the_sample() -> None:
    assert check_renderable(decision_blocks()) == []


# --- line breaking -------------------------------------------------------------------------------
HANZI = "的一是在不了有和人这中大为上们国我以要他时来用地出道也"
CLOSING = "，。、；：？！）」』》〉】〕”"
OPENING = "（「『《〈【〔“"
piece = st.one_of(
    st.text(alphabet=HANZI, min_size=1, max_size=6),
    st.tuples(st.text(alphabet=HANZI, min_size=1, max_size=3), st.text(alphabet=CLOSING, min_size=1, max_size=2))
    .map("".join),
    st.tuples(st.sampled_from(OPENING), st.text(alphabet=HANZI, min_size=1, max_size=4)).map("".join),
    st.sampled_from([f"{PATENT}号", "SB-2000型", "12800元", "——", "……", "2026年3月2日"]),
)


@settings(max_examples=200, deadline=None)
@given(pieces=st.lists(piece, min_size=1, max_size=60), chars=st.integers(min_value=10, max_value=28))
def test_punctuation_rules_hold_for_any_text(pieces: list[str], chars: int) -> None:
    text = "".join(pieces)
    width = chars * CHAR_PITCH
    font = load_fonts().body.name
    lines = break_lines(text, font, BODY_SIZE, width, char_space=GRID_CHAR_SPACE)
    assert "".join(lines) == text  # nothing lost, nothing added
    for line in lines:
        assert stringWidth(line, font, BODY_SIZE) + len(line) * GRID_CHAR_SPACE <= width + 0.01, line
    for number, line in enumerate(lines):
        assert line, lines
        if number > 0:
            assert line[0] not in CLOSING, (number, lines)
        if number < len(lines) - 1:
            assert line[-1] not in OPENING, (number, lines)
            assert not (line.endswith("—") and lines[number + 1].startswith("—")), lines
            assert not (line.endswith("…") and lines[number + 1].startswith("…")), lines
    assert sum(line.count(PATENT) for line in lines) == text.count(PATENT)  # never cut


def test_the_rule_sets_cover_chinese_punctuation() -> None:
    assert set("，。、；：？！）」』》〉】〕”’") <= NO_LINE_START
    assert set("（「『《〈【〔“‘") <= NO_LINE_END


def test_closing_punctuation_moves_down_with_the_character_before_it() -> None:
    font = load_fonts().body.name
    text = "一" * 27 + "二，三四五。"
    lines = break_lines(text, font, BODY_SIZE, BLOCK_WIDTH, char_space=GRID_CHAR_SPACE)
    assert lines == ["一" * 27, "二，三四五。"]
    lines = break_lines("一" * 27 + "《专利法》", font, BODY_SIZE, BLOCK_WIDTH, char_space=GRID_CHAR_SPACE)
    assert lines == ["一" * 27, "《专利法》"]  # an opening mark never ends a line


def test_a_paragraph_does_not_end_with_one_character_alone() -> None:
    lines = break_lines("依照《中华人民共和国专利法》第六十五条之规定，裁决如下：", load_fonts().body.name, BODY_SIZE,
                        BLOCK_WIDTH, first_indent=2 * CHAR_PITCH, char_space=GRID_CHAR_SPACE)
    assert lines == ["依照《中华人民共和国专利法》第六十五条之规定，裁决", "如下："]


def test_patent_numbers_are_never_cut_and_urls_break_after_a_slash() -> None:
    font = load_fonts().body.name
    for lead in range(1, 29):
        lines = break_lines("专" * lead + f"{PATENT}号专利", font, BODY_SIZE, BLOCK_WIDTH,
                            char_space=GRID_CHAR_SPACE)
        assert any(PATENT in line for line in lines), lines
    url = "https://www.example.gov.cn/patent/notice/2026/0105/case-7.html"
    lines = break_lines("详见" * 10 + url + "所载公告。", font, BODY_SIZE, BLOCK_WIDTH, char_space=GRID_CHAR_SPACE)
    assert "".join(lines) == "详见" * 10 + url + "所载公告。"
    assert any(line.endswith("/") for line in lines)


# --- keeping things together ---------------------------------------------------------------------
def test_the_signature_never_starts_a_page_alone() -> None:
    filler = [Para("本局认为，" + "事实清楚，证据确实充分。" * 9) for _ in range(3)]
    signature = SignatureBlock(lines=["审理人员：张三"], date=date(2026, 3, 2), seal_text=OFFICE)
    for extra in range(8):
        blocks: list[Block] = [Spacer(extra), *filler, Para(REMEDY), signature]
        pages = [p.extract_text().replace("\n", "") for p in reader(render_pdf(blocks, title="t")).pages]
        signed = [i for i, text in enumerate(pages) if "2026年3月2日" in text]
        assert signed == [len(pages) - 1]
        body_of_last = pages[-1].split("审理人员")[0].replace(" ", "")
        assert len(re.sub(r"—\d+—", "", body_of_last)) >= 20, (extra, pages[-1])


def test_a_heading_is_never_the_last_line_of_a_page() -> None:
    for extra in range(15, 22):
        blocks: list[Block] = [Spacer(extra), Heading("一、案件来源", 1), Para("请求人于2026年1月5日提出请求。" * 4)]
        pages = [p.extract_text() for p in reader(render_pdf(blocks, title="t")).pages]
        holder = next(i for i, text in enumerate(pages) if "一、案件来源" in text)
        assert "请求人于" in pages[holder], (extra, pages)


def test_invisible_characters_are_dropped_and_odd_sequences_render() -> None:
    blocks: list[Block] = [Heading("一、标题", 1), PageBreak(), Para("甲\u200b乙\ufe00丙\t丁"), Spacer(0),
                           SignatureBlock(date="2026年3月2日")]
    assert check_renderable(blocks) == []
    pages = [p.extract_text() for p in reader(render_pdf(blocks, title="t")).pages]
    assert len(pages) == 2 and "一、标题" in pages[0]
    assert "甲乙丙 丁" in pages[1] and "2026年3月2日" in pages[1]


# --- tables and helpers --------------------------------------------------------------------------
def test_forms_render_with_wrapping_cells() -> None:
    long_reason = "因案情复杂，需要进一步调查取证并组织技术比对，" * 4
    blocks: list[Block] = [
        Title(OFFICE, "送达回证"),
        KeyValueTable([("送达文书", f"行政裁决书（{NUMBER}）"), ("受送达人", "内蒙古草原智造科技有限公司"),
                       ("送达地点", "呼和浩特市新城区兴安北路168号"), ("受送达人签名", "")], min_row_height=18),
        Spacer(1),
        GridTable([["张三", "延长一个月", long_reason], ["", "", "同意。"]], col_widths=[1, 1, 3],
                  header=["承办人", "延长期限", "理由"], spans=[(0, 0, 0, 1)], row_heights=[None, 20]),
    ]
    text = "".join(p.extract_text() for p in reader(render_pdf(blocks, title="送达回证")).pages).replace("\n", "")
    for expected in ("送达文书", NUMBER, "受送达人签名", "承办人", "延长一个月", "同意。", "组织技术比对"):
        assert expected in text, expected


def test_date_and_numbering_helpers() -> None:
    assert format_cn_date(date(2026, 3, 2)) == "2026年3月2日"
    assert format_cn_date(date(2026, 12, 31)) == "2026年12月31日"
    assert [cn_numeral(n) for n in (1, 10, 11, 20, 21, 99, 100, 105, 110)] == [
        "一", "十", "十一", "二十", "二十一", "九十九", "一百", "一百零五", "一百一十"]
    assert [list_label(3, s) for s in ("一、", "（一）", "1.", "（1）")] == ["三、", "（三）", "3.", "（3）"]


def test_numbered_lists_and_headings_render_their_labels() -> None:
    blocks: list[Block] = [Heading("（一）关于侵权判定。", 2, body="本局认为，被控侵权产品落入保护范围。"),
                           NumberedList(["停止侵权；", "驳回其他请求。"], style="（一）", start=2)]
    text = reader(render_pdf(blocks, title="t")).pages[0].extract_text().replace("\n", "")
    assert "（一）关于侵权判定。本局认为" in text
    assert "（二）停止侵权；" in text and "（三）驳回其他请求。" in text


# --- fonts ---------------------------------------------------------------------------------------
def test_bundled_fonts_fill_every_role() -> None:
    fonts = load_fonts()
    assert load_fonts() is fonts  # registered once
    assert not any(face.official for _role, face in fonts.faces())
    assert fonts.body.path.parent == ROOT / "resources" / "fonts"
    assert fonts.heading1.path.name == "AdjudicatorSansSC-Regular.ttf"
    assert fonts.title_bold  # no 小标宋: the title is emboldened


def test_official_faces_are_found_by_their_file_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = load_fonts()
    fake = tmp_path / "Fonts" / "sub"
    fake.mkdir(parents=True)
    shutil.copy(bundled.body.path, fake / "SIMFANG.TTF")  # stands in for the Windows file
    shutil.copy(bundled.heading1.path, fake / "simhei.ttf")
    (fake / "simkai.ttf").write_bytes(b"not a font")  # a broken file is skipped, not fatal
    monkeypatch.setattr(fonts_module, "font_dirs", lambda: [tmp_path / "missing", tmp_path / "Fonts"])
    monkeypatch.setattr(fonts_module, "_cache", {})
    monkeypatch.setenv("ADJUDICATOR_FONTS", "auto")
    found = load_fonts()
    assert (found.body.official, found.body.label, found.body.path.name) == (True, "仿宋 SimFang", "SIMFANG.TTF")
    assert (found.heading1.official, found.heading1.label) == (True, "黑体 SimHei")
    assert found.heading2 == found.body  # no 楷体: the body face, not the bundled serif
    assert not found.song.official and found.title == found.song and found.title_bold
    pdf = render_pdf([Title(OFFICE), Para("正文")], title="t", fonts=found)
    assert b"AdjudicatorSerifSC" in pdf
    note = str(PdfReader(io.BytesIO(pdf)).metadata["/Keywords"])  # the fallbacks are named in the properties
    assert "正文 仿宋 SimFang；" in note and "一级标题 黑体 SimHei；" in note
    assert "二级标题 仿宋 SimFang（替代楷体）" in note and "（替代方正小标宋，加粗）" in note
    assert "页码 内置宋体 (Noto Serif SC 子集)（替代宋体）" in note


def test_an_unknown_font_mode_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADJUDICATOR_FONTS", "windows")
    with pytest.raises(ValueError, match="ADJUDICATOR_FONTS"):
        load_fonts()


def test_bundled_fonts_stay_small_and_licensed() -> None:
    folder = ROOT / "resources" / "fonts"
    total = sum(p.stat().st_size for p in folder.glob("*.ttf"))
    assert total < 8 * 1024 * 1024
    assert "SIL OPEN FONT LICENSE" in (folder / "OFL.txt").read_text(encoding="utf-8")


if __name__ == "__main__":
    os.environ.setdefault("ADJUDICATOR_FONTS", "bundled")
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "layout_sample.pdf")
    out.write_bytes(render_pdf(decision_blocks(), title="行政裁决书", subject=NUMBER, author=OFFICE,
                               draft="--draft" in sys.argv, created=datetime(2026, 3, 2, tzinfo=UTC)))
    print(out)
