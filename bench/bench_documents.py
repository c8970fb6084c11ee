"""Benchmark: render one 行政裁决书 with warm fonts (median of 10) and issue a batch of 100 notices.

Prints JSON and compares with DESIGN.md: a decision under 100 ms.
    python bench/bench_documents.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("ADJUDICATOR_FONTS", "bundled")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from adjudicator.cases import service as S
from adjudicator.documents import issuing
from adjudicator.documents import service as D
from adjudicator.documents.layout import render_pdf
from adjudicator.documents.templates import template
from adjudicator.stations.registry import init_station
from adjudicator.store import open_database
from tests.core.factories import case_input

DECISION_TARGET_MS = 100.0
FIELDS = {"filed_on": "2026-03-04", "hearing_on": "2026-04-10", "clerk": "王小红",
          "facts": "\n".join(f"第{i}项查明事实：被请求人在淘宝店铺销售、许诺销售被控侵权产品，有公证书为证。" * 3
                             for i in range(1, 9)),
          "reasoning": "\n".join("被控侵权产品具有涉案专利权利要求1记载的全部技术特征，落入保护范围。" * 3
                                 for _ in range(5))}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.db")
        init_station(db, "01")
        case = S.create_case(db, case_input())
        draft = D.create_draft(db, case.id, "decision", FIELDS)
        with db.session() as s:
            row = s.get(D.Document, draft.id)
            assert row is not None
            _, _ctx, blocks = D._blocks(db, s, row, number="呼新市监专裁字〔2026〕1号", issue_date=date(2026, 5, 8))
        title = template("decision").title
        render_pdf(blocks, title=title)  # warm the fonts and width tables
        times = []
        for _ in range(10):
            start = time.perf_counter()
            pdf = render_pdf(blocks, title=title)
            times.append((time.perf_counter() - start) * 1000)
        pages = len(__import__("re").findall(rb"/Type\s*/Page(?![s\w])", pdf))
        end_to_end = []
        for _ in range(3):
            d = D.create_draft(db, case.id, "decision", FIELDS)
            start = time.perf_counter()
            issuing.issue(db, d.id, issued_on=date(2026, 5, 8))
            end_to_end.append((time.perf_counter() - start) * 1000)
        drafts = [D.create_draft(db, case.id, "answer-notice", {"filed_on": "2026-03-04"}).id for _ in range(100)]
        start = time.perf_counter()
        for doc_id in drafts:
            issuing.issue(db, doc_id, issued_on=date(2026, 5, 8))
        batch = time.perf_counter() - start
        db.close()
    median = statistics.median(times)
    print(json.dumps({
        "decision_render_ms_median": round(median, 1), "decision_pages": pages, "decision_bytes": len(pdf),
        "decision_issue_end_to_end_ms_median": round(statistics.median(end_to_end), 1),
        "batch_100_answer_notices_issued_s": round(batch, 2), "per_notice_ms": round(batch * 10, 1),
        "target_decision_ms": DECISION_TARGET_MS, "decision_within_target": median < DECISION_TARGET_MS,
    }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
