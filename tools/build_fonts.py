"""Rebuild the bundled fallback fonts in ``resources/fonts/`` from their published sources.

The documents need a Chinese face that reportlab can embed on machines without the official
Windows fonts (仿宋 SimFang, 宋体 SimSun, 黑体 SimHei). reportlab embeds TrueType outlines only,
while the freely licensed Noto Serif SC / Noto Sans SC are CFF-flavoured OpenType. This script:

1. downloads the PyPI wheel ``pylopdf-fonts-zh-cn==0.1.1`` (SIL OFL 1.1 Noto SC, checked by SHA-256)
   with pip into a temporary directory, unless ``--wheel`` names a copy;
2. reads the 8,105 characters of 通用规范汉字表 (2013) from the Unihan ``kTGH`` field, taken from
   Debian's ``unicode-data`` package (``apt-get download``, or ``--unihan`` names the file);
3. subsets each face to GB 2312 ∪ 通用规范汉字表 ∪ ASCII, Latin-1, CJK and general punctuation,
   full-width forms and common symbols (drops layout and vertical tables reportlab never reads);
4. converts the cubic CFF outlines to quadratic TrueType outlines (fontTools.cu2qu);
5. renames the faces (the OFL asks modified versions not to pass for the original) and writes
   them with fixed timestamps, so the same sources give byte-identical files.

Usage: ``python tools/build_fonts.py [--out resources/fonts] [--wheel WHL] [--unihan FILE]``.
Takes about a minute; needs fontTools (``pip install fonttools``).
"""

from __future__ import annotations

import argparse
import bz2
import hashlib
import io
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

WHEEL_SPEC = "pylopdf-fonts-zh-cn==0.1.1"
WHEEL_NAME = "pylopdf_fonts_zh_cn-0.1.1-py3-none-any.whl"
WHEEL_SHA256 = "e2661ef3790cbe0f0f6aa5338b6859b7cd288ee75bc88cd4239c62cd025d4fb3"
UNIHAN_MEMBER = "usr/share/unicode/Unihan_OtherMappings.txt.bz2"
TGH_COUNT = 8105  # 通用规范汉字表: 3,500 + 3,000 + 1,605 characters
FIXED_TIMESTAMP = 3786912000  # head.created/modified: 2024-01-01, seconds since 1904
MAX_ERR_UNITS = 1.0  # cubic -> quadratic approximation error, in font units (1/1000 em)

SYMBOL_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1: ×, ÷, §, °, ±, ·
    (0x2010, 0x205E),  # general punctuation: — ‘ ’ “ ” … ‰ ※
    (0x2100, 0x218F),  # ℃ № ™ and Roman numerals Ⅰ–Ⅻ
    (0x2190, 0x22FF),  # arrows, mathematical operators: ≤ ≥ ≠ ∶
    (0x2460, 0x24FF),  # ① ⑴ ⒈
    (0x2500, 0x27BF),  # box drawing, geometric shapes, ★ ☆ ✓
    (0x3000, 0x303F),  # CJK punctuation: 、。〈〉《》「」『』【】〔〕〖〗〓
    (0x3200, 0x32FF),  # ㈠ ㊀
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms: （），：；？！
)


@dataclass(frozen=True)
class Face:
    """One bundled face: where it comes from in the wheel and what it is called once built."""

    source: str  # file name inside the wheel
    family: str
    postscript: str
    out_file: str


FACES = (
    Face("NotoSerifSC-Regular.otf", "Adjudicator Serif SC", "AdjudicatorSerifSC-Regular",
         "AdjudicatorSerifSC-Regular.ttf"),
    Face("NotoSansSC-Regular.otf", "Adjudicator Sans SC", "AdjudicatorSansSC-Regular",
         "AdjudicatorSansSC-Regular.ttf"),
)


def fetch_wheel(workdir: Path) -> Path:
    """Download the source wheel with pip (no dependencies) and check its digest."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
         "-d", str(workdir), WHEEL_SPEC],
        check=True,
    )
    return workdir / WHEEL_NAME


def fetch_unihan(workdir: Path) -> Path:
    """Find Unihan_OtherMappings from Debian's unicode-data, downloading the .deb if needed."""
    installed = Path("/") / UNIHAN_MEMBER
    if installed.exists():
        return installed
    workdir.chmod(0o755)  # apt downloads as the unprivileged _apt user where it can
    subprocess.run(["apt-get", "download", "unicode-data"], check=True, cwd=workdir)
    deb = next(workdir.glob("unicode-data_*.deb"))
    extracted = workdir / "unicode-data"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(extracted)], check=True)
    return extracted / UNIHAN_MEMBER


def tgh_characters(unihan: Path) -> set[str]:
    """The 通用规范汉字表 characters: every code point that has a ``kTGH`` entry in Unihan."""
    raw = unihan.read_bytes()
    text = bz2.decompress(raw).decode("utf-8") if unihan.suffix == ".bz2" else raw.decode("utf-8")
    chars = {
        chr(int(line.split("\t", 1)[0].removeprefix("U+"), base=16))
        for line in text.splitlines()
        if "\tkTGH\t" in line
    }
    if len(chars) != TGH_COUNT:
        raise SystemExit(f"{unihan}: expected {TGH_COUNT} kTGH characters, found {len(chars)}")
    return chars


def gb2312_characters() -> set[str]:
    """Every character GB 2312 encodes (6,763 hanzi and 682 symbols), from Python's codec."""
    chars: set[str] = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def wanted_codepoints(unihan: Path) -> set[int]:
    chars = gb2312_characters() | tgh_characters(unihan)
    points = {ord(c) for c in chars}
    for first, last in SYMBOL_RANGES:
        points.update(range(first, last + 1))
    return points


def subset_font(font: TTFont, codepoints: Iterable[int]) -> None:
    """Keep only the wanted characters and the tables reportlab reads."""
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG", "JSTF"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)


def cff_to_truetype(font: TTFont) -> None:
    """Replace CFF cubic outlines with TrueType quadratic ones (reportlab embeds only these)."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERR_UNITS, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    font.sfntVersion = "\x00\x01\x00\x00"

    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                  "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0

    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, and nothing downstream wants them
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = None

    head = font["head"]
    head.glyphDataFormat = 0


def rename(font: TTFont, face: Face, source_version: str) -> None:
    """Give the derived face its own name, keeping the copyright and licence records."""
    name = font["name"]
    keep = {0, 13, 14}  # copyright, licence description, licence URL
    name.names = [rec for rec in name.names if rec.nameID in keep and rec.platformID == 3]
    unique = f"{source_version};ADJUDICATOR;{face.postscript}"
    description = (
        f"Subset of {face.source.removesuffix('.otf')} {source_version} (SIL Open Font License 1.1), "
        "converted to TrueType outlines for the Adjudicator project; see resources/fonts/README.md."
    )
    for name_id, value in ((1, face.family), (2, "Regular"), (3, unique), (4, face.family),
                           (5, f"Version {source_version}"), (6, face.postscript), (10, description)):
        name.setName(value, name_id, 3, 1, 0x409)
    font["head"].created = FIXED_TIMESTAMP
    font["head"].modified = FIXED_TIMESTAMP


def source_version(font: TTFont) -> str:
    record = font["name"].getName(5, 3, 1, 0x409)
    text = record.toUnicode() if record else "Version ?"
    return text.removeprefix("Version ").split(";", 1)[0]


def build_face(wheel: zipfile.ZipFile, face: Face, codepoints: set[int], out_dir: Path) -> Path:
    data = wheel.read(f"pylopdf_fonts_zh_cn/{face.source}")
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    version = source_version(font)
    subset_font(font, codepoints & set(font.getBestCmap()))
    cff_to_truetype(font)
    rename(font, face, version)
    out = out_dir / face.out_file
    font.save(str(out), reorderTables=True)
    return out


def write_licence(wheel: zipfile.ZipFile, out_dir: Path) -> Path:
    licence = next(n for n in wheel.namelist() if n.endswith("licenses/LICENSE"))
    out = out_dir / "OFL.txt"
    out.write_bytes(wheel.read(licence))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    repo = Path(__file__).resolve().parents[1]
    parser.add_argument("--out", type=Path, default=repo / "resources" / "fonts")
    parser.add_argument("--wheel", type=Path, help=f"a local copy of {WHEEL_NAME}")
    parser.add_argument("--unihan", type=Path, help="Unihan_OtherMappings.txt or .txt.bz2")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="adjudicator-fonts-") as tmp:
        workdir = Path(tmp)
        wheel_path = args.wheel or fetch_wheel(workdir)
        digest = hashlib.sha256(wheel_path.read_bytes()).hexdigest()
        if digest != WHEEL_SHA256:
            raise SystemExit(f"{wheel_path}: SHA-256 {digest}, expected {WHEEL_SHA256}")
        codepoints = wanted_codepoints(args.unihan or fetch_unihan(workdir))
        args.out.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(wheel_path) as wheel:
            outputs = [build_face(wheel, face, codepoints, args.out) for face in FACES]
            outputs.append(write_licence(wheel, args.out))
    for path in outputs:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        print(f"{path.name}\t{path.stat().st_size}\t{sha}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
