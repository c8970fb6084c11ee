"""Page layout of official documents after GB/T 9704-2012, and the blocks templates compose.

A document template builds a list of blocks and hands it to :func:`render_pdf`::

    blocks = [
        Title("呼和浩特市新城区市场监督管理局", "专利侵权纠纷案件行政裁决书"),
        DocNumber("呼市监专裁字〔2026〕7号"),
        Para("请求人：某某科技有限公司，住所地……", indent=False),
        Heading("一、案件来源", level=1),
        Para("请求人于2026年1月5日向本局提出……"),
        NumberedList(["被请求人立即停止……", "驳回请求人的其他请求。"], style="一、"),
        SignatureBlock(lines=["审理人员：张三　李四　王五"], date=date(2026, 3, 2),
                       seal_text="呼和浩特市新城区市场监督管理局"),
    ]
    problems = check_renderable(blocks)       # characters no font can draw: report, don't print
    pdf = render_pdf(blocks, title="行政裁决书", created=issued_at)

The page: A4, text block 156 × 225 mm at 28 mm from the left and 37 mm from the top; body
3号 (16 pt) 仿宋 on a grid of 22 lines × 28 characters, first lines indented two characters;
page numbers "— 1 —" in 4号 7 mm under the text block on the outer side. The blocks and the page
measures live in :mod:`.blocks`; this module turns blocks into reportlab flowables and pages.

Line breaking is ours (:mod:`.linebreak`), not reportlab's (whose CJK mode lets "，" or "》" start a line and
lets "（" end one): closing punctuation never starts a line, opening punctuation never ends one,
"——" and "……" stay whole, Latin words and numbers (ZL201620161392.4) are never cut unless longer
than a line, and URLs break after "/". Lines are justified to both margins, as Word does.

Output is deterministic: the same blocks, fonts and ``created`` give byte-identical PDFs, so an
issued document can be reprinted with the same SHA-256 (with the same program and font files).

Over 400 lines: the page geometry, the block-to-flowable translation and the footer proof all
measure against the same page context; the blocks themselves live in :mod:`.flowables`.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table, TableStyle
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Spacer as RLSpacer

from .blocks import (
    _MISSING_MARK,
    BLOCK_BOTTOM,
    BLOCK_HEIGHT,
    BLOCK_LEFT,
    BLOCK_TOP,
    BLOCK_WIDTH,
    BODY_SIZE,
    CHAR_PITCH,
    DEFAULT_CREATED,
    GRID_CHAR_SPACE,
    LINE_PITCH,
    PAGE_HEIGHT,
    PAGE_NUMBER_GAP,
    PAGE_NUMBER_SIZE,
    PAGE_WIDTH,
    TITLE_SIZE,
    Align,
    Block,
    DocNumber,
    Graphic,
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
    _clean,
    cn_numeral,
    format_cn_date,
    list_label,
)
from .flowables import Glued, Run, SignatureFlowable, TextBlock, TextStyle
from .fonts import FontSet, load_fonts, missing_glyphs
from .linebreak import NO_LINE_END, NO_LINE_START, break_lines

__all__ = [
    "BLOCK_HEIGHT", "BLOCK_LEFT", "BLOCK_TOP", "BLOCK_WIDTH", "BODY_SIZE", "CHAR_PITCH",
    "GRID_CHAR_SPACE", "LINE_PITCH", "NO_LINE_END", "NO_LINE_START", "PAGE_HEIGHT", "PAGE_WIDTH", "TITLE_SIZE",
    "Block", "DocNumber", "Graphic", "GridTable", "Heading", "KeyValueTable", "MissingGlyphsError",
    "NumberedList", "PageBreak", "Para", "SignatureBlock", "Spacer", "Title",
    "break_lines", "check_renderable", "cn_numeral", "format_cn_date", "list_label", "render_pdf",
]

# --- blocks -> flowables -------------------------------------------------------------------------
@dataclass
class _Context:
    fonts: FontSet
    substitute: Callable[[str, str], str] = field(default=lambda text, font: text)

    def run(self, text: str, role: str) -> Run:
        font = self.fonts.face(role).name
        return Run(self.substitute(_clean(text), font), font)


def _body_style(indent: bool, align: Align = "justify") -> TextStyle:
    return TextStyle(first_indent=2 * CHAR_PITCH if indent else 0.0, align=align)


_HEADING_ROLE = {1: "heading1", 2: "heading2", 3: "body", 4: "body"}
_TABLE_PAD = 5.0


def _flowables(block: Block, ctx: _Context) -> list[Flowable]:
    if isinstance(block, Title):
        lines = [block.text] + ([block.subtitle] if block.subtitle else [])
        return [
            TextBlock(
                [ctx.run(line, "title")],
                TextStyle(size=TITLE_SIZE, char_space=0.0, align="center", bold=ctx.fonts.title_bold,
                           balanced=True, space_after=block.space_after if k == len(lines) - 1 else 0),
            )
            for k, line in enumerate(lines)
        ]
    if isinstance(block, DocNumber):
        style = TextStyle(align=block.align, space_after=block.space_after)
        return [TextBlock([ctx.run(block.text, "body")], style)]
    if isinstance(block, Para):
        return [TextBlock([ctx.run(block.text, "body")], _body_style(block.indent, block.align))]
    if isinstance(block, Heading):
        role = _HEADING_ROLE.get(block.level)
        if role is None:
            raise ValueError(f"heading level {block.level}: expected 1 to 4")
        runs = [ctx.run(block.text, role)] + ([ctx.run(block.body, "body")] if block.body else [])
        return [TextBlock(runs, _body_style(True))]
    if isinstance(block, NumberedList):
        return [
            TextBlock([ctx.run(list_label(block.start + k, block.style) + item, "body")], _body_style(True))
            for k, item in enumerate(block.items)
        ]
    if isinstance(block, KeyValueTable):
        grid = GridTable(
            rows=[list(row) for row in block.rows],
            col_widths=[block.label_width, 1 - block.label_width],
            align=["center", "left"],
            row_heights=[block.min_row_height] * len(block.rows) if block.min_row_height else None,
            font_size=block.font_size,
        )
        return [_table(grid, ctx)]
    if isinstance(block, GridTable):
        return [_table(block, ctx)]
    if isinstance(block, SignatureBlock):
        return [SignatureFlowable(_substituted_signature(block, ctx), ctx.fonts.body.name)]
    if isinstance(block, Spacer):
        return [RLSpacer(1, block.lines * LINE_PITCH)] if block.lines > 0 else []
    if isinstance(block, PageBreak):
        return [RLPageBreak()]
    if isinstance(block, Graphic):
        block.drawing.hAlign = "CENTER"
        return [block.drawing]
    raise TypeError(f"not a document block: {block!r}")


def _substituted_signature(block: SignatureBlock, ctx: _Context) -> SignatureBlock:
    font = ctx.fonts.body.name
    return SignatureBlock(
        lines=[ctx.substitute(_clean(t), font) for t in block.lines],
        date=block.date if not isinstance(block.date, str) else ctx.substitute(block.date, font),
        seal_text=ctx.substitute(_clean(block.seal_text), font),
        after=[ctx.substitute(_clean(t), font) for t in block.after],
        blank_lines_before=block.blank_lines_before,
    )


def _table(block: GridTable, ctx: _Context) -> Table:
    columns = max((len(r) for r in [*block.rows, *([block.header] if block.header else [])]), default=0)
    weights = list(block.col_widths or [1.0] * columns)
    if len(weights) != columns:
        raise ValueError(f"GridTable: {len(weights)} column widths for {columns} columns")
    widths = [BLOCK_WIDTH * w / sum(weights) for w in weights]
    aligns: list[Align] = list(block.align or ["left"] * columns)
    pitch = block.font_size * 1.5

    def cell(text: str, role: str, align: Align) -> TextBlock:
        style = TextStyle(size=block.font_size, pitch=pitch, char_space=0.0, align=align)
        return TextBlock([ctx.run(text, role)], style)

    data: list[list[Flowable]] = []
    if block.header:
        data.append([cell(t, "heading1", "center") for t in block.header])
    for row in block.rows:
        padded = list(row) + [""] * (columns - len(row))
        data.append([cell(t, "body", aligns[c]) for c, t in enumerate(padded)])
    offset = 1 if block.header else 0
    heights: list[float | None] = [None] * len(data)
    for r, minimum in enumerate(block.row_heights or []):
        if minimum:
            natural = max(f.wrap(w - 2 * _TABLE_PAD, 1e6)[1] for f, w in zip(data[r + offset], widths, strict=True))
            heights[r + offset] = max(minimum * mm, natural + 2 * _TABLE_PAD)
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.75, colors.black),
        ("FONTNAME", (0, 0), (-1, -1), ctx.fonts.body.name),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), _TABLE_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), _TABLE_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), _TABLE_PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), _TABLE_PAD),
    ]
    for c0, r0, c1, r1 in block.spans:
        commands.append(("SPAN", (c0, r0 + offset), (c1, r1 + offset)))
    return Table(data, colWidths=widths, rowHeights=heights, style=TableStyle(commands),
                 repeatRows=offset, hAlign="LEFT")


def _compose(blocks: Sequence[Block], ctx: _Context) -> list[Flowable]:
    """Flowables for the blocks, a heading (or a keep-with-next paragraph) glued to what follows and a
    signature (or a keep-with-previous paragraph) to what precedes."""
    out: list[Flowable] = []
    glue_next = False
    for block in blocks:
        flows = _flowables(block, ctx)
        if not flows:
            continue
        keep_previous = isinstance(block, SignatureBlock) or (isinstance(block, Para) and block.keep_with_previous)
        if out and (glue_next or keep_previous) and not isinstance(flows[0], RLPageBreak):
            k = len(out) - 1
            while k > 0 and isinstance(out[k], RLSpacer):
                k -= 1
            if not isinstance(out[k], RLPageBreak):
                out[k:] = [Glued.of([*out[k:], flows[0]])]
                flows = flows[1:]
        out.extend(flows)
        glue_next = isinstance(block, Heading) or (isinstance(block, Para) and block.keep_with_next)
    return out


# --- glyph coverage ------------------------------------------------------------------------------
def _texts(block: Block) -> Iterable[tuple[str, str]]:
    """(text, font role) pairs a block will draw."""
    if isinstance(block, Title):
        yield block.text, "title"
        if block.subtitle:
            yield block.subtitle, "title"
    elif isinstance(block, DocNumber | Para):
        yield block.text, "body"
    elif isinstance(block, Heading):
        yield block.text, _HEADING_ROLE.get(block.level, "body")
        yield block.body, "body"
    elif isinstance(block, NumberedList):
        for k, item in enumerate(block.items):
            yield list_label(block.start + k, block.style) + item, "body"
    elif isinstance(block, KeyValueTable):
        for label, value in block.rows:
            yield label + value, "body"
    elif isinstance(block, GridTable):
        for row in block.rows:
            yield "".join(row), "body"
        if block.header:
            yield "".join(block.header), "heading1"
    elif isinstance(block, Graphic):
        yield "".join(block.texts), "body"
    elif isinstance(block, SignatureBlock):
        date_text = block.date if isinstance(block.date, str) else ""
        yield "".join([*block.lines, block.seal_text, date_text, *block.after]), "body"


def check_renderable(blocks: Sequence[Block], fonts: FontSet | None = None) -> list[str]:
    """Characters in the blocks that their fonts cannot draw, in order of first appearance.

    An empty list means the document can be issued; otherwise report the characters (see
    :class:`MissingGlyphsError`) instead of printing boxes.
    """
    fonts = fonts or load_fonts()
    seen: dict[str, None] = {}
    for block in blocks:
        for text, role in _texts(block):
            missing = missing_glyphs(text, fonts.face(role).name)
            for char in text:
                if char in missing:
                    seen.setdefault(char, None)
    return list(seen)


# --- pages and the PDF ---------------------------------------------------------------------------
def _page_number(canvas: Canvas, page: int, fonts: FontSet) -> None:
    label = f"— {page} —"
    font = fonts.song.name
    width = pdfmetrics.stringWidth(label, font, PAGE_NUMBER_SIZE)
    if page % 2:  # odd pages: right, one character in from the edge of the text block
        x = BLOCK_LEFT + BLOCK_WIDTH - PAGE_NUMBER_SIZE - width
    else:
        x = BLOCK_LEFT + PAGE_NUMBER_SIZE
    dash_line = BLOCK_BOTTOM - PAGE_NUMBER_GAP
    canvas.setFont(font, PAGE_NUMBER_SIZE)
    canvas.drawString(x, dash_line - 0.3 * PAGE_NUMBER_SIZE, label)


def _watermark(canvas: Canvas, fonts: FontSet) -> None:
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.85, 0.85, 0.85))
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(45)
    canvas.setFont(fonts.heading1.name, 180)
    canvas.drawCentredString(0, -60, "草稿")
    canvas.restoreState()


#: The side of the printed proof (QR code) in the footer, and its bottom edge above the page's.
PROOF_SIZE = 16 * mm
PROOF_BOTTOM = 11 * mm


def _proof(canvas: Canvas, page: int, text: str) -> None:
    """A small QR code of the document's number and content hash, on the side without the page number.

    The modules are drawn as plain rectangles (not through renderPDF, which would add a font the
    PDF does not embed).
    """
    from reportlab.graphics.barcode.qr import QrCodeWidget

    widget = QrCodeWidget(text, barLevel="M")
    widget.qr.make()
    modules = widget.qr.modules
    box = PROOF_SIZE / len(modules)
    left = BLOCK_LEFT if page % 2 else BLOCK_LEFT + BLOCK_WIDTH - PROOF_SIZE
    top = PROOF_BOTTOM + PROOF_SIZE
    canvas.saveState()
    canvas.setFillColor(colors.black)
    for r, row in enumerate(modules):
        c = 0
        for dark, run in itertools.groupby(bool(m) for m in row):
            count = len(list(run))
            if dark:
                canvas.rect(left + c * box, top - (r + 1) * box, count * box, box, stroke=0, fill=1)
            c += count
    canvas.restoreState()


def content_digest(blocks: Sequence[Block], *, number: str, kind: str, case_no: str, issued_on: str) -> str:
    """SHA-256 of what an issued document says (its number, kind, case, date and every line of text).

    Printed in the document's QR code and recorded with it: a PDF cannot carry its own file hash,
    but it can carry the hash of its words, which a checker recomputes from the record.
    """
    lines = [text for block in blocks for text, _role in _texts(block)]
    doc = {"number": number, "kind": kind, "case_no": case_no, "issued_on": issued_on, "text": lines}
    return hashlib.sha256(json.dumps(doc, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def proof_text(number: str, digest: str) -> str:
    """What the QR code of an issued document says."""
    return f"{number}\nSHA-256:{digest}"


#: Marks the content hash in an issued PDF's keywords, so ``doc verify`` finds it without reading the QR.
PROOF_KEYWORD = "文书内容SHA-256:"


class _Stamp:
    """Stands in for reportlab's TimeStamp so CreationDate is ``created``, not the clock."""

    def __init__(self, created: datetime):
        offset = created.utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset else 0
        hours, rest = divmod(abs(minutes), 60)
        self.dhh, self.dmm = (hours if minutes >= 0 else -hours), rest
        aware = created if created.tzinfo else created.replace(tzinfo=UTC)
        self.t = aware.timestamp()
        self.YMDhms = (created.year, created.month, created.day, created.hour, created.minute, created.second)
        self.lt = self.YMDhms


def _canvas_maker(created: datetime) -> Callable[..., Canvas]:
    def make(*args: Any, **kwargs: Any) -> Canvas:
        canvas = Canvas(*args, **kwargs)
        document: Any = getattr(canvas, "_doc")  # noqa: B009  (private in the stubs)
        document._timeStamp = _Stamp(created)
        return canvas

    return make


_RENDER_LOCK = threading.Lock()
_TRAILER_ID = re.compile(rb"/ID\s*\n?\[<[0-9a-fA-F]+><[0-9a-fA-F]+>\]")


def _content_id(pdf: bytes) -> bytes:
    """Replace the file ID (reportlab's hashes only the metadata) with a digest of the content."""
    match = _TRAILER_ID.search(pdf)
    if match is None:
        return pdf
    digest = hashlib.md5(pdf[: match.start()], usedforsecurity=False).hexdigest().upper().encode()
    replacement = b"/ID \n[<" + digest + b"><" + digest + b">]"
    if len(replacement) != match.end() - match.start():
        replacement = b"/ID [<" + digest + b"><" + digest + b">]"
        if len(replacement) != match.end() - match.start():
            return pdf  # keep byte offsets intact rather than rewrite the cross-reference table
    return pdf[: match.start()] + replacement + pdf[match.end():]


def render_pdf(
    blocks: Sequence[Block],
    *,
    title: str,
    draft: bool = False,
    fonts: FontSet | None = None,
    subject: str = "",
    author: str = "",
    created: datetime | None = None,
    proof: tuple[str, str] | None = None,
) -> bytes:
    """Lay the blocks out on GB/T 9704 pages and return the PDF.

    ``proof`` — ``(number, content digest)`` of an issued document — prints a small QR code of
    both in the footer of every page and records the digest in the PDF's keywords.

    ``title``/``subject``/``author`` go into the document properties. ``draft`` puts a grey
    diagonal 草稿 on every page and draws characters the fonts lack as 〓; an issued document
    (``draft=False``) with such characters raises :class:`MissingGlyphsError` instead.
    ``created`` is recorded as the creation date (default 2000-01-01 UTC); pass the moment of
    issue so that a reprint is byte-identical. Fonts are embedded as subsets.
    """
    fonts = fonts or load_fonts()
    missing = check_renderable(blocks, fonts)
    if missing and not draft:
        raise MissingGlyphsError(missing)
    ctx = _Context(fonts)
    if missing:
        ctx.substitute = _substituter(fonts)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=BLOCK_LEFT, rightMargin=PAGE_WIDTH - BLOCK_LEFT - BLOCK_WIDTH,
        topMargin=BLOCK_TOP, bottomMargin=BLOCK_BOTTOM, title=title, subject=subject,
        author=author, creator="Adjudicator", invariant=1, lang="zh-CN",
        keywords=fonts.properties_note() + (f"；{PROOF_KEYWORD}{proof[1]}" if proof else ""),
        displayDocTitle=True,
        initialFontName=fonts.body.name, initialFontSize=BODY_SIZE, initialLeading=LINE_PITCH,
    )
    frame = Frame(BLOCK_LEFT, BLOCK_BOTTOM, BLOCK_WIDTH, BLOCK_HEIGHT + 0.01, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, id="text")

    def on_page(canvas: Canvas, template_doc: BaseDocTemplate) -> None:
        if draft:
            _watermark(canvas, fonts)
        _page_number(canvas, template_doc.page, fonts)
        if proof:
            _proof(canvas, template_doc.page, proof_text(*proof))

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    with _RENDER_LOCK:  # reportlab keeps per-document font state in shared font objects
        doc.build(_compose(blocks, ctx), canvasmaker=_canvas_maker(created or DEFAULT_CREATED))
    return _content_id(buffer.getvalue())


def _substituter(fonts: FontSet) -> Callable[[str, str], str]:
    def substitute(text: str, font: str) -> str:
        missing = missing_glyphs(text, font)
        return "".join(_MISSING_MARK if c in missing else c for c in text) if missing else text

    return substitute

