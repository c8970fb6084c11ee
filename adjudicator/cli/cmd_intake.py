"""Command: intake — import a referral list (移交清单) of e-commerce complaints as cases.

``adjudicator intake FILE.xlsx|FILE.csv [--source legal_aid|platform] [--mapping 列名=字段 ...]
[--dry-run] [--skip-invalid] [--json]``. Every row is checked with the case form's rules; a list
with problems is refused whole (exit 1, each problem on its cell) unless ``--skip-invalid``;
repeated complaint numbers are skipped with a note. ``--dry-run`` only previews.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from adjudicator.cli.base import Command, Refusal, bounded_int, emit, wants_json
from adjudicator.intake import mapping as M
from adjudicator.intake.service import Preview, import_preview, preview_sheet
from adjudicator.intake.sheet import read_sheet
from adjudicator.outputs import check_output_path

#: Problems printed in text mode before "…and N more".
MAX_LISTED = 50


def _intake_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="移交清单（.xlsx 或 .csv，UTF-8 或 GB18030）")
    p.add_argument("--source", choices=sorted(M.SOURCES), default=None,
                   help="来源：legal_aid 维权援助平台，platform 电商平台；不指定时按表头认出上次导入同样表格时的来源"
                        "（没有则为电商平台）。列对应按表格样式（表头）记忆，新样式按来源记忆")
    p.add_argument("--mapping", action="append", default=[], metavar="列名=字段|FILE.json",
                   help="指定列对应，如“投诉单号=complaint_no”（可多次）；或一个 JSON 文件 {\"列名\": \"字段\"}")
    p.add_argument("--dry-run", action="store_true", help="只检查和预览，不登记案件")
    p.add_argument("--skip-invalid", action="store_true", help="有问题的行跳过，只导入有效的行")


def _example_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="要写出的清单文件（不覆盖已有文件）")
    p.add_argument("--rows", type=bounded_int("--rows", 1, 10_000), default=50, metavar="N", help="投诉条数（默认 50）")
    p.add_argument("--seed", type=bounded_int("--seed", 0, 2**31 - 1), default=1, metavar="S", help="随机种子")


def _mapping_pairs(values: list[str]) -> list[str]:
    pairs: list[str] = []
    for value in values:
        if "=" not in value and value.lower().endswith(".json"):
            try:
                data = json.loads(Path(value).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise Refusal(f"无法读取列对应文件“{value}”：{exc}。") from None
            if not isinstance(data, dict):
                raise Refusal(f"列对应文件“{value}”应为 {{\"列名\": \"字段\"}} 形式的 JSON 对象。")
            pairs.extend(f"{k}={v}" for k, v in data.items())
        else:
            pairs.append(value)
    return pairs


def _problem_lines(preview: Preview) -> list[str]:
    lines: list[str] = []
    for outcome in preview.rows:
        lines.extend(p.sentence(preview.header) for p in outcome.problems)
        if outcome.note:
            lines.append(f"第 {outcome.row} 行：{outcome.note}")
    if len(lines) > MAX_LISTED:
        lines = [*lines[:MAX_LISTED], f"……另有 {len(lines) - MAX_LISTED} 条未列出（用 --json 查看全部）。"]
    return lines


def run_intake(args: argparse.Namespace, db: Any) -> int:
    sheet = read_sheet(args.file)
    source = M.source_for(db, sheet.header, args.source)
    mapping = M.mapping_for(db, source, sheet.header)
    if args.mapping:
        mapping = M.merge_mapping(mapping, M.parse_mapping_text(sheet.header, _mapping_pairs(args.mapping)))
    preview = preview_sheet(db, sheet, source=source, mapping=mapping)
    payload: dict[str, Any] = {**preview.to_json(), "dry_run": bool(args.dry_run), "imported": None}
    invalid = preview.count("invalid")
    refused = preview.refusal or (invalid and not args.skip_invalid) or not preview.cases
    if args.dry_run or refused:
        payload["error"] = _refusal_text(preview, invalid) if refused else None
        if wants_json(args):
            emit(args, payload, "")
        else:
            print("\n".join([preview.summary(), *preview.notes, *_problem_lines(preview)]))
            if refused:
                print(f"错误：{payload['error']}", file=sys.stderr)
        return 1 if refused else 0
    result = import_preview(db, preview, skip_invalid=args.skip_invalid)
    payload["imported"] = result.to_json()
    created = "、".join(no for no, _ in result.cases[:5]) + ("等" if len(result.cases) > 5 else "")
    emit(args, payload, lambda: "\n".join([
        preview.summary(), *preview.notes, *_problem_lines(preview),
        f"已登记 {len(result.cases)} 件案件（{result.complaints} 条投诉）：{created}。"]))
    return 0


def _refusal_text(preview: Preview, invalid: int) -> str:
    if preview.refusal:
        return preview.refusal
    if invalid:
        return (f"有 {invalid} 行存在问题，未导入任何案件；请改正后重新导入，或加 --skip-invalid 只导入有效的行。")
    return "没有可导入的有效行（全部为重复投诉或空行），未导入任何案件。"


def run_intake_example(args: argparse.Namespace, db: Any) -> int:
    from adjudicator.demo.referrals import referral_rows, write_referral_xlsx

    path = check_output_path(None, args.output)
    if path.exists():
        raise Refusal(f"文件“{path}”已存在，未覆盖；请换一个文件名。")
    rows = referral_rows(args.rows, seed=args.seed, bad=args.rows // 10, duplicates=args.rows // 20)
    try:
        write_referral_xlsx(path, rows, title="维权援助平台移交电商领域专利侵权投诉清单（演示）")
    except OSError as exc:
        raise Refusal(f"无法写入文件“{path}”：{exc.strerror or exc}。") from None
    emit(args, {"file": str(path), "rows": len(rows), "bad": args.rows // 10, "duplicates": args.rows // 20},
         f"已写出演示移交清单：{path}（{len(rows)} 条投诉，其中 {args.rows // 10} 条有问题、"
         f"{args.rows // 20} 条重复投诉编号）。")
    return 0


COMMANDS = (
    # "write": the import registers cases (a dry run too remembers nothing, but shares the command).
    Command("intake", "导入维权援助平台或电商平台移交的投诉清单（xlsx/CSV）", run_intake, "write", _intake_arguments,
            examples=("adjudicator intake 移交清单.xlsx --source legal_aid --dry-run",
                      "adjudicator intake 移交清单.xlsx --source legal_aid --skip-invalid")),
    Command("intake-example", "写出一份演示用的维权援助平台移交清单（xlsx，含有问题的行和重复投诉），供试用导入",
            run_intake_example, "none", _example_arguments,
            examples=("adjudicator intake-example -o 移交清单.xlsx --rows 50",)),
)
