"""``doc verify``: is a PDF (or a scanned QR code's text) a document a known station issued, unchanged? Read-only."""

from __future__ import annotations

import argparse
from typing import Any

from adjudicator.cli.base import Command, Group, Refusal, emit
from adjudicator.trust.docproof import verify_pdf, verify_qr_text


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE.pdf", nargs="?", help="要核验的 PDF 文件")
    p.add_argument("--qr", metavar="TEXT", help="扫描文书页脚二维码得到的文字（两行：编号、SHA-256:校验码）")


def run_verify(args: argparse.Namespace, db: Any) -> int:
    if bool(args.file) == bool(args.qr):
        raise Refusal("请给出一个 PDF 文件，或用 --qr 给出二维码的文字（二者选一）。")
    verdict = verify_pdf(db, args.file) if args.file else verify_qr_text(db, args.qr)
    emit(args, verdict.as_json(), verdict.sentence)
    return 0 if verdict.genuine else 1


COMMANDS = (
    Group("doc", "文书", (
        Command("verify", "核验文书真伪：真实、已被改动、签名启用前出具或无法识别", run_verify, "read", _arguments,
                description="核验 PDF 文件所载的出具裁决所电子签名（市局库用已登记的各所公钥），再与本库存档的已出具文书比对，"
                            "并核对该文书的记录与审计记录一致；也可核验页脚二维码的文字。真实时退出状态为 0；"
                            "已被改动、无法识别或签名启用前出具（没有签名）时为 1。",
                examples=("adjudicator doc verify 立案通知书.pdf",
                          "adjudicator doc verify --qr \"呼新市监专立字〔2026〕7号\nSHA-256:…\"")),
    )),
)
