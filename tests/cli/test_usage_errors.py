"""Every usage error is one Chinese line on stderr with exit status 2, whatever argparse would have said."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adjudicator.cli import main
from adjudicator.cli.usage import chinese_usage_error

#: argparse's English words; none may reach the user (option names and the user's input aside).
ENGLISH = re.compile(r"\b(argument|arguments|required|invalid|choice|choose|expected|unrecognized|allowed|"
                     r"ambiguous|ignored|explicit|value|usage|error)\b", re.IGNORECASE)

CASES = [
    ([], "缺少必需的参数"),
    (["nosuch"], "取值 'nosuch' 无效"),
    (["case"], "缺少必需的参数：SUBCOMMAND"),
    (["case", "list", "--bogus"], "无法识别的参数：--bogus"),
    (["case", "list", "--limit"], "参数 --limit：需要一个取值"),
    (["case", "list", "--limit", "many"], "--limit应是"),
    (["case", "list", "--json=yes"], "不接受取值"),
    (["case", "list", "--kind", "robbery"], "取值 'robbery' 无效"),
    (["deadlines", "--rule", "x"], "取值 'x' 无效"),
    (["doc", "render"], "缺少必需的参数：CASE_NO, KIND, -o/--output"),
    (["case", "show"], "缺少必需的参数"),
    (["case", "list", "extra", "words"], "无法识别的参数：extra words"),
]


def _stripped(line: str, argv: list[str]) -> str:
    """The line without what the user typed and the quoted choices (those stay as typed)."""
    for token in argv:
        line = line.replace(token, "")
    return re.sub(r"'[^']*'|--[\w-]+|\b[A-Z_/-]{2,}\b|adjudicator [\w ]*--help", "", line)


@pytest.mark.parametrize(("argv", "expected"), CASES)
def test_usage_errors_are_one_chinese_line(argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：")
    assert expected in lines[0]
    assert not ENGLISH.search(_stripped(lines[0], argv)), lines[0]


def test_the_hint_names_the_command_being_typed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["case", "list", "--bogus"]) == 2
    assert "（用法见 adjudicator case list --help）" in capsys.readouterr().err


def test_help_headings_are_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["case", "list", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：adjudicator case list")
    assert "选项" in out and "显示本帮助并退出" in out
    assert "usage:" not in out and "show this help" not in out


def test_an_unknown_message_still_gets_a_chinese_lead() -> None:
    assert chinese_usage_error("something new in a later Python") == "命令行参数有误（something new in a later Python）"


_WORDS = st.sampled_from(["case", "list", "show", "doc", "render", "evidence", "add", "deadlines", "report",
                          "--limit", "--kind", "--json", "--rule", "-o", "--db", "--year", "x", "-1", "1e9", "--",
                          "--filter", "calendar", "import", "demo", "--cases", "sync", "export", "--=", "-"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=st.lists(_WORDS, min_size=1, max_size=5))
def test_generated_command_lines_never_speak_english(argv: list[str], capsys: pytest.CaptureFixture[str],
                                                    tmp_path_factory: pytest.TempPathFactory,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path_factory.mktemp("usage")
    monkeypatch.setenv("ADJUDICATOR_LOG_DIR", str(folder / "logs"))
    monkeypatch.chdir(folder)
    code = main(["--db", str(folder / "absent.db"), *argv])
    _, err = capsys.readouterr()
    if code == 2:
        lines = err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("错误："), err
        assert not ENGLISH.search(_stripped(lines[0], argv)), lines[0]
    assert "Traceback" not in err
    assert not (folder / "absent.db").exists() or code == 0
