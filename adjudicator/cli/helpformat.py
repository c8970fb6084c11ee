"""``--help`` text that wraps Chinese between characters and never breaks a name mid-word.

argparse's formatter wraps with :mod:`textwrap`, which counts a Chinese character as one column
(it takes two) and splits ``filing-notice`` at its hyphen or any long word anywhere. Here a line
breaks at a space or between two Chinese characters, widths count East Asian wide characters
twice, and an ASCII word (a command, a field key, a file name) stays whole. Descriptions and
epilogs keep their own line breaks, so examples stay one per line.
"""

from __future__ import annotations

import argparse
import re
import shutil
import unicodedata

_TOKEN = re.compile(r"\s+|[\x21-\x7e]+|.", re.DOTALL)
#: Punctuation that must not begin a line (it stays with the character before it).
_NO_LINE_START = set("，。、；：？！）》」』”’】〕")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int) -> list[str]:
    """Greedy fill of one paragraph to ``width`` columns; ASCII words are never split."""
    lines: list[str] = []
    line = ""
    for token in _TOKEN.findall(text):
        if token.isspace():
            if line:
                line += " "
            continue
        if line and _width(line) + _width(token) > width and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line = ""
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Wraps argument help CJK-aware; keeps the line breaks of descriptions and epilogs."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 30,
                 width: int | None = None):
        width = width or min(100, max(60, shutil.get_terminal_size((100, 24)).columns - 2))
        super().__init__(prog, indent_increment, max_help_position, width)

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        out: list[str] = []
        for paragraph in text.splitlines():
            if paragraph.startswith("  adjudicator "):
                out.append(indent + paragraph)  # an example is one command line: never wrapped
                continue
            lead = re.match(r"\s*", paragraph)
            pad = indent + (lead.group(0) if lead else "")
            out += [pad + line for line in wrap(paragraph.strip(), width - len(pad))] if paragraph.strip() else [""]
        return "\n".join(out)
