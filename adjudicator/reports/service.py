"""The report service (统计报表) the command line and the dashboard both call: JSON, xlsx or PDF of one query.

One :class:`Report` is computed once (figures, matches, case list) and rendered in any format,
so the workbook and the PDF exported from the window show the numbers the window shows.
Files are written to a temporary name beside the target and renamed, so a failed or cancelled
export leaves no half-written file behind.
"""

from __future__ import annotations

import gc
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from adjudicator.errors import DomainError
from adjudicator.progress import Progress
from adjudicator.reports.matches import Match, find_matches
from adjudicator.reports.statistics import (
    CaseLine,
    ReportQuery,
    Statistics,
    all_case_lines,
    compute_statistics,
)
from adjudicator.reports.summary import summary_sentences
from adjudicator.stations.registry import station
from adjudicator.store import Database

Format = Literal["json", "xlsx", "pdf"]
FORMATS: tuple[Format, ...] = ("json", "xlsx", "pdf")


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a report makes its objects.

    A year's report makes a few hundred thousand small objects (rows, lines, cells), none of them
    part of a cycle; the collector walked the growing heap again and again while they were made, a
    sixth of the workbook's time. Anything cyclic made meanwhile is collected once it runs again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class Report:
    """The statistics of one query with the cross-station matches and the summary sentences."""

    stats: Statistics
    matches: tuple[Match, ...]
    summary: tuple[str, ...]
    office: str

    def to_json(self) -> dict[str, Any]:
        return {**self.stats.to_json(), "office": self.office, "summary": list(self.summary),
                "matches": [m.to_json() for m in self.matches]}


def report_office(db: Database) -> str:
    """The name a report is issued in: the station's office, or the supervisors' bureau."""
    if db.station_code:
        return station(db).office_name or station(db).name
    return str(db.get_setting("supervisor_name") or "呼和浩特市市场监督管理局")


def build_report(db: Database, query: ReportQuery, *, today: date | None = None,
                 progress: Progress | None = None) -> Report:
    """Figures, matches and summary of ``query`` (DomainError for a bad period or an unknown station)."""
    with _no_cycle_collection():
        stats = compute_statistics(db, query, today=today, progress=progress)
        matches = tuple(find_matches(db, stats)) if stats.scope == "supervisor" and not stats.empty else ()
    repeats = sum(1 for m in matches if m.kind == "repeat")
    summary = summary_sentences(stats, len(matches) if stats.scope == "supervisor" else None, repeats)
    return Report(stats, matches, tuple(summary), report_office(db))


def case_list(db: Database, report: Report) -> list[CaseLine]:
    return all_case_lines(db, report.stats)


def render(db: Database, report: Report, fmt: Format, progress: Progress | None = None) -> bytes:
    """The report as bytes in ``fmt``."""
    with _no_cycle_collection():
        return _render(db, report, fmt, progress)


def _render(db: Database, report: Report, fmt: Format, progress: Progress | None) -> bytes:
    if fmt == "json":
        return (json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n").encode()
    if fmt == "xlsx":
        from adjudicator.reports.workbook import build_workbook

        return build_workbook(report.stats, case_list(db, report), report.matches, progress)
    if fmt == "pdf":
        from adjudicator.reports.pdf_report import build_pdf

        return build_pdf(report.stats, report.matches, office=report.office)
    raise DomainError(f"未知的报表格式 {fmt}；可用的格式：{'、'.join(FORMATS)}。")


def format_of(path: str | os.PathLike[str], given: str | None) -> Format:
    """The format asked for, or the one the file name ends with; DomainError when neither says."""
    if given:
        if given not in FORMATS:
            raise DomainError(f"未知的报表格式 {given}；可用的格式：{'、'.join(FORMATS)}。")
        return given
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    raise DomainError(f"无法从文件名“{path}”判断报表格式；请用 --format json、xlsx 或 pdf 指定。")


def write_file(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; DomainError saying why when the file cannot be written."""
    target = Path(path)
    if target.is_dir():
        raise DomainError(f"“{target}”是一个文件夹；请给出要保存的文件名。")
    try:
        handle, temp = tempfile.mkstemp(prefix=".report-", dir=target.parent if str(target.parent) else ".")
    except OSError as exc:
        raise DomainError(f"无法写入文件“{target}”：{exc.strerror or exc}。") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise DomainError(f"无法写入文件“{target}”：{exc.strerror or exc}。") from None


def export_report(db: Database, query: ReportQuery, fmt: Format, path: str | os.PathLike[str], *,
                  today: date | None = None, progress: Progress | None = None) -> Report:
    """Compute the report of ``query`` and save it to ``path`` in ``fmt`` (what the window's export does)."""
    def step(low: float, high: float) -> Progress | None:
        if progress is None:
            return None
        return lambda fraction, message: progress(low + (high - low) * max(0.0, fraction), message)

    report = build_report(db, query, today=today, progress=step(0.0, 0.5))
    write_file(path, render(db, report, fmt, step(0.5, 1.0)))
    return report
