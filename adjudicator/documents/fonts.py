"""Fonts for official documents (公文字体): the Windows faces when present, bundled ones otherwise.

GB/T 9704-2012 sets body text in 仿宋, titles in 小标宋, first-level headings in 黑体 and
second-level headings in 楷体. The offices' Windows PCs have 仿宋 SimFang, 宋体 SimSun, 黑体 SimHei
and 楷体 KaiTi (some also 仿宋_GB2312, 楷体_GB2312 and 方正小标宋); :func:`load_fonts` registers
those with reportlab when it finds them. Where one is missing, the role falls back to the bundled
OFL faces in ``resources/fonts/`` (a serif for 仿宋/宋体/楷体 and the title, a sans for 黑体), which
``tools/build_fonts.py`` derives from Noto Serif SC / Noto Sans SC.

Set ``ADJUDICATOR_FONTS=bundled`` to ignore the system fonts (tests, reproducible output).

A font that lacks a character would print a box: :func:`missing_glyphs` names such characters so
that a document can be refused before it is issued (see ``layout.check_renderable``).
"""

from __future__ import annotations

import os
import sys
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

__all__ = [
    "RESOURCES_FONTS",
    "FontFace",
    "FontSet",
    "font_dirs",
    "is_ignorable",
    "load_fonts",
    "missing_glyphs",
]

RESOURCES_FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
BUNDLED_SERIF = "AdjudicatorSerifSC-Regular.ttf"
BUNDLED_SANS = "AdjudicatorSansSC-Regular.ttf"
ENV_VAR = "ADJUDICATOR_FONTS"
ROLES = ("body", "title", "heading1", "heading2", "song")


@dataclass(frozen=True)
class FontFace:
    """One registered face: its reportlab name, the file it came from, and whether it is official."""

    name: str  # the name registered with reportlab (pdfmetrics.getFont(name) works)
    label: str  # what a clerk would call it: "仿宋 SimFang", "内置宋体 (Noto Serif SC 子集)"
    path: Path
    subfont_index: int
    official: bool  # True: one of the offices' Windows faces; False: bundled fallback


@dataclass(frozen=True)
class FontSet:
    """The reportlab font names to use for each role of GB/T 9704-2012, and where they came from.

    ``body`` 仿宋 for text; ``title`` 小标宋 (or a Song face to be emboldened when ``title_bold``);
    ``heading1`` 黑体 for "一、" headings; ``heading2`` 楷体 for "（一）" headings; ``song`` 宋体 for
    page numbers and tables that want it.
    """

    body: FontFace
    title: FontFace
    heading1: FontFace
    heading2: FontFace
    song: FontFace
    title_bold: bool  # the title face is not 小标宋: draw it with a synthetic bold stroke

    def face(self, role: str) -> FontFace:
        """The face for ``role`` (one of body, title, heading1, heading2, song)."""
        if role not in ROLES:
            raise KeyError(role)
        face: FontFace = getattr(self, role)
        return face

    def faces(self) -> Iterator[tuple[str, FontFace]]:
        return ((role, self.face(role)) for role in ROLES)

    @property
    def all_official(self) -> bool:
        return all(face.official for _, face in self.faces())

    def properties_note(self) -> str:
        """What the PDF's properties say about its fonts: each role's face, and which are fallbacks.

        字体：正文 仿宋 SimFang；标题 内置宋体 (Noto Serif SC 子集)（替代方正小标宋，加粗）；…
        """
        wanted = {"body": ("正文", "仿宋"), "title": ("标题", "方正小标宋"), "heading1": ("一级标题", "黑体"),
                  "heading2": ("二级标题", "楷体"), "song": ("页码", "宋体")}
        parts = []
        for role, face in self.faces():
            name, official = wanted[role]
            note = "" if face.official and official[-2:] in face.label else f"（替代{official}）"
            if role == "title" and self.title_bold:  # a Song face drawn bold stands in for 小标宋
                note = "（替代方正小标宋，加粗）"
            parts.append(f"{name} {face.label}{note}")
        return "字体：" + "；".join(parts)

    def describe(self) -> str:
        """One line per role, for logs and the about box: ``body: 仿宋 SimFang (C:\\...\\simfang.ttf)``."""
        return "\n".join(f"{role}: {face.label} ({face.path})" for role, face in self.faces())


@dataclass(frozen=True)
class _Candidate:
    file: str  # lower-case file name
    label: str
    subfont_index: int = 0


# In order of preference per role. SimFang (GBK coverage) goes before 仿宋_GB2312, which lacks
# every character outside GB 2312 and would refuse more party names.
_BODY = (
    _Candidate("simfang.ttf", "仿宋 SimFang"),
    _Candidate("fangsong_gb2312.ttf", "仿宋_GB2312"),
    _Candidate("仿宋_gb2312.ttf", "仿宋_GB2312"),
    _Candidate("fs_gb2312.ttf", "仿宋_GB2312"),
    _Candidate("fzfsk.ttf", "方正仿宋_GBK"),
)
_SMALL_TITLE_SONG = (
    _Candidate("fzxbsjw.ttf", "方正小标宋简体"),
    _Candidate("方正小标宋简体.ttf", "方正小标宋简体"),
    _Candidate("fzxbsk.ttf", "方正小标宋_GBK"),
    _Candidate("方正小标宋_gbk.ttf", "方正小标宋_GBK"),
)
_SONG = (
    _Candidate("simsun.ttc", "宋体 SimSun"),
    _Candidate("simsun.ttf", "宋体 SimSun"),
)
_HEI = (
    _Candidate("simhei.ttf", "黑体 SimHei"),
    _Candidate("fzhtk.ttf", "方正黑体_GBK"),
)
_KAI = (
    _Candidate("simkai.ttf", "楷体 KaiTi"),
    _Candidate("kaiti_gb2312.ttf", "楷体_GB2312"),
    _Candidate("楷体_gb2312.ttf", "楷体_GB2312"),
    _Candidate("fzktk.ttf", "方正楷体_GBK"),
)

_lock = threading.Lock()
_cache: dict[str, FontSet] = {}


def font_dirs() -> list[Path]:
    """Directories searched for the official faces, most specific first."""
    home = Path.home()
    dirs: list[Path] = []
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot") or r"C:\Windows"
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:  # fonts installed "for this user only" (Windows 10 1809+)
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [home / "Library" / "Fonts", Path("/Library/Fonts"),
                 Path("/System/Library/Fonts/Supplemental"), Path("/System/Library/Fonts")]
    dirs += [home / ".fonts", home / ".local" / "share" / "fonts",
             Path("/usr/local/share/fonts"), Path("/usr/share/fonts")]
    return dirs


def _index_font_files(dirs: Iterable[Path]) -> dict[str, Path]:
    """Lower-case file name -> first path with that name, searching each directory recursively."""
    found: dict[str, Path] = {}
    for base in dirs:
        if not base.is_dir():
            continue
        for root, _subdirs, files in os.walk(base):
            for name in files:
                found.setdefault(name.lower(), Path(root) / name)
    return found


def _register(name: str, path: Path, subfont_index: int) -> bool:
    """Register a TrueType face with reportlab; False if reportlab cannot use it."""
    try:
        pdfmetrics.getFont(name)
        return True
    except KeyError:
        pass
    try:
        font = TTFont(name, str(path), subfontIndex=subfont_index)
    except (TTFError, OSError, ValueError, KeyError, IndexError):
        return False  # CFF outlines, a damaged file, a .ttc without that subfont
    if ord("国") not in font.face.charToGlyph:
        return False  # a file with an official name that is not a Chinese face
    pdfmetrics.registerFont(font)
    return True


def _find_official(index: dict[str, Path], candidates: Iterable[_Candidate]) -> FontFace | None:
    for cand in candidates:
        path = index.get(cand.file.lower())
        if path is None:
            continue
        name = f"adj-{Path(cand.file).stem}-{cand.subfont_index}"
        if _register(name, path, cand.subfont_index):
            return FontFace(name, cand.label, path, cand.subfont_index, official=True)
    return None


def _bundled(file: str, label: str) -> FontFace:
    path = RESOURCES_FONTS / file
    name = f"adj-bundled-{Path(file).stem}"
    if not path.exists():
        raise FileNotFoundError(f"内置字体文件缺失：{path}。请重新安装本程序，或运行 tools/build_fonts.py 生成。")
    if not _register(name, path, 0):
        raise RuntimeError(f"内置字体无法使用：{path}")
    return FontFace(name, label, path, 0, official=False)


def _build(mode: str) -> FontSet:
    serif = _bundled(BUNDLED_SERIF, "内置宋体 (Noto Serif SC 子集)")
    sans = _bundled(BUNDLED_SANS, "内置黑体 (Noto Sans SC 子集)")
    if mode == "bundled":
        return FontSet(body=serif, title=serif, heading1=sans, heading2=serif, song=serif,
                       title_bold=True)
    index = _index_font_files(font_dirs())
    body = _find_official(index, _BODY) or serif
    song = _find_official(index, _SONG) or serif
    small_title = _find_official(index, _SMALL_TITLE_SONG)
    heading1 = _find_official(index, _HEI) or sans
    heading2 = _find_official(index, _KAI) or body
    return FontSet(body=body, title=small_title or song, heading1=heading1, heading2=heading2,
                   song=song, title_bold=small_title is None)


def load_fonts() -> FontSet:
    """Register the document fonts with reportlab (once per process and mode) and name them.

    ``ADJUDICATOR_FONTS=bundled`` uses only the bundled faces; unset or ``auto`` prefers the
    official Windows faces found in :func:`font_dirs`, role by role.
    """
    mode = os.environ.get(ENV_VAR, "auto").strip().lower() or "auto"
    if mode not in ("auto", "bundled"):
        raise ValueError(f"{ENV_VAR}={mode!r}: expected 'auto' or 'bundled'")
    with _lock:
        fonts = _cache.get(mode)
        if fonts is None:
            fonts = _cache[mode] = _build(mode)
    return fonts


def is_ignorable(char: str) -> bool:
    """Whitespace, controls, format characters and variation selectors: never drawn as glyphs."""
    if char.isspace():
        return True
    category = unicodedata.category(char)
    if category in ("Cc", "Cf", "Zs", "Zl", "Zp"):
        return True
    code = ord(char)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def missing_glyphs(text: str, font_name: str) -> set[str]:
    """The characters of ``text`` that font ``font_name`` cannot draw (ignoring whitespace/controls).

    ``font_name`` is a registered reportlab name, e.g. ``load_fonts().body.name``.
    """
    font = pdfmetrics.getFont(font_name)
    cmap: dict[int, int] | None = getattr(getattr(font, "face", None), "charToGlyph", None)
    if cmap is None:
        return set()  # a standard Type 1 font: reportlab substitutes, nothing to report here
    return {c for c in set(text) if not is_ignorable(c) and not cmap.get(ord(c))}
