"""argparse's usage errors, said in Chinese in one line.

argparse words its messages in English (through :mod:`gettext`, with no Chinese catalogue). Each
of its messages is matched here and restated; the names and values inside (option names, the
user's input, the choices) are carried over as they are. A message no pattern knows still gets a
Chinese lead, so no usage error is English only.
"""

from __future__ import annotations

import re

_ARGUMENT = re.compile(r"^argument (?P<name>[^:]+): (?P<rest>.*)$", re.DOTALL)

_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.DOTALL), t) for p, t in (
    (r"^the following arguments are required: (.*)$", "缺少必需的参数：{0}"),
    (r"^one of the arguments (.*) is required$", "参数 {0} 中必须给出一个"),
    (r"^unrecognized arguments: (.*)$", "无法识别的参数：{0}"),
    (r"^invalid choice: (.*) \(choose from (.*)\)$", "取值 {0} 无效，可选的值为 {1}"),
    (r"^invalid (\S+) value: (.*)$", "取值 {1} 无效（应为{0}）"),
    (r"^expected one argument$", "需要一个取值"),
    (r"^expected at most one argument$", "最多只能有一个取值"),
    (r"^expected at least one argument$", "至少需要一个取值"),
    (r"^expected (\d+) arguments?$", "需要 {0} 个取值"),
    (r"^not allowed with argument (.*)$", "不能与参数 {0} 同时使用"),
    (r"^ignored explicit argument (.*)$", "不接受取值 {0}"),
    (r"^ambiguous option: (\S+) could match (.*)$", "选项 {0} 有歧义，可能是 {1}；请写出完整的选项名"),
    (r"^unexpected option string: (.*)$", "意外的选项 {0}"),
    (r"^cannot have multiple subparser arguments$", "只能给出一个子命令"),
    (r"^unknown parser (.*) \(choices: (.*)\)$", "没有命令 {0}，可用的命令为 {1}"),
))

#: argparse's own names for the types it reports in "invalid … value".
_TYPES = {"int": "整数", "float": "数字", "str": "文字"}


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def chinese_usage_error(message: str) -> str:
    """argparse's ``message`` restated in Chinese, on one line."""
    text = " ".join(message.split())
    prefix = ""
    argument = _ARGUMENT.match(text)
    if argument:
        prefix = f"参数 {argument['name']}："
        text = argument["rest"]
    for pattern, template in _MESSAGES:
        found = pattern.match(text)
        if found:
            groups = [_TYPES.get(g, g) for g in found.groups()]
            return prefix + template.format(*groups)
    if _has_chinese(text):  # our own type checks already speak Chinese (and name their option)
        return text if argument and text.startswith(argument["name"]) else prefix + text
    return f"{prefix}命令行参数有误（{text}）"
