"""Benchmark: render a ~6-page 行政裁决书 of 16 pt text (design target: under 100 ms with warm fonts).

Prints JSON: the cold first render in a fresh process (font registration included), the median
of 10 warm renders (wall clock and CPU time: the CPU figure is steadier on a busy machine), the page count and the PDF size. Uses the bundled fonts unless
``ADJUDICATOR_FONTS`` says otherwise. Run: ``python bench/bench_pdf_layout.py``.
"""

from __future__ import annotations

import io
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # a test dependency: counts the pages

from adjudicator.documents.layout import (
    Block,
    DocNumber,
    Heading,
    NumberedList,
    Para,
    SignatureBlock,
    Title,
    list_label,
    render_pdf,
)

WARM_RUNS = 10
PAGES = 7  # sections: about six pages


def hanzi_pool() -> str:
    """GB 2312 level 1 (the 3,755 most common hanzi), from the codec: realistic subset sizes."""
    chars = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(chars)


def sentence(rng: random.Random, pool: str) -> str:
    clauses = [
        "".join(rng.choice(pool) for _ in range(rng.randint(4, 14))) for _ in range(rng.randint(1, 4))
    ]
    return "，".join(clauses) + rng.choice("。。。；")


def paragraph(rng: random.Random, pool: str, sentences: int) -> str:
    return "".join(sentence(rng, pool) for _ in range(sentences))


def decision(pages: int = PAGES, seed: int = 7) -> list[Block]:
    rng = random.Random(seed)
    pool = hanzi_pool()
    blocks: list[Block] = [
        Title("呼和浩特市新城区市场监督管理局", "专利侵权纠纷案件行政裁决书"),
        DocNumber("呼市监专裁字〔2026〕7号"),
        Para("请求人：内蒙古草原智造科技有限公司，住所地内蒙古自治区呼和浩特市新城区兴安北路168号。", indent=False),
        Para("被请求人：呼和浩特市塞北机械制造有限责任公司，住所地呼和浩特市赛罕区大学东街25号。", indent=False),
        Para("案由：「一种奶茶加热搅拌装置」（专利号：ZL201620161392.4）实用新型专利侵权纠纷。", indent=False),
    ]
    for section in range(1, pages + 1):
        blocks.append(Heading(list_label(section, "一、") + paragraph(rng, pool, 1)[:10], 1))
        blocks += [Para(paragraph(rng, pool, 4)) for _ in range(2)]
        blocks.append(NumberedList([paragraph(rng, pool, 1) for _ in range(3)], style="（一）"))
    blocks += [
        Para("当事人不服本裁决的，可以自收到本裁决书之日起十五日内，依照《中华人民共和国行政诉讼法》向呼和浩特市"
             "中级人民法院提起行政诉讼。期满不起诉又不履行的，本局将依法申请人民法院强制执行。"),
        SignatureBlock(lines=["合议组组长：张　三", "合议组成员：李　四"], date=date(2026, 3, 2),
                       seal_text="呼和浩特市新城区市场监督管理局", after=["书记员：赵　六"]),
    ]
    return blocks


def cold_render_seconds() -> float:
    """The first render in a fresh interpreter: imports done, fonts not yet registered."""
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[1]);"
        "from bench.bench_pdf_layout import decision; from adjudicator.documents.layout import render_pdf;"
        "blocks = decision(); t = time.perf_counter(); render_pdf(blocks, title='bench');"
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, check=True,
                         env=dict(os.environ, ADJUDICATOR_FONTS=os.environ.get("ADJUDICATOR_FONTS", "bundled")))
    return float(out.stdout.strip())


def main() -> None:
    os.environ.setdefault("ADJUDICATOR_FONTS", "bundled")
    blocks = decision()
    pdf = render_pdf(blocks, title="bench")  # warms fonts and caches
    times, cpu = [], []
    for _ in range(WARM_RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        pdf = render_pdf(blocks, title="bench")
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    distinct = len({c for b in blocks for c in str(b) if "\u4e00" <= c <= "\u9fff"})
    print(json.dumps({
        "benchmark": "pdf_layout",
        "pages": pages,
        "distinct_hanzi": distinct,
        "warm_render_ms_median": round(statistics.median(times) * 1000, 1),
        "warm_render_ms_min": round(min(times) * 1000, 1),
        "warm_render_cpu_ms_median": round(statistics.median(cpu) * 1000, 1),
        "cold_first_render_ms": round(cold_render_seconds() * 1000, 1),
        "pdf_bytes": len(pdf),
        "target_ms": 100,
        "fonts": os.environ["ADJUDICATOR_FONTS"],
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
