"""The exit codes are documented in one table, which lists each code once, by its name."""

import re
from pathlib import Path

from api.cli import exit_codes
from api.cli.exit_codes import ExitCode

README = Path(__file__).resolve().parents[3] / "README.md"


def _table() -> dict[int, str]:
    doc = exit_codes.__doc__ or ""
    rows = re.findall(r"^\| (\d+) \| (\w+) \| .+ \|$", doc, flags=re.MULTILINE)
    return {int(code): name for code, name in rows}


def test_the_table_lists_every_exit_code_once_by_its_name() -> None:
    assert _table() == {code.value: code.name for code in ExitCode}


def test_the_readme_quotes_the_codes_as_the_table_gives_them() -> None:
    tour = README.read_text(encoding="utf-8")
    quoted = re.search(r"The exit code is (.+?)\):", tour, flags=re.DOTALL)
    assert quoted is not None
    text = " ".join(quoted.group(1).split())
    for code, words in [
        (ExitCode.READY, "0 ready"),
        (ExitCode.NOT_READY, "1 not ready"),
        (ExitCode.INSUFFICIENT_INFORMATION, "2 insufficient information"),
        (ExitCode.OUT_OF_SCOPE, "5 outside the scope of the rules"),
        (ExitCode.INVALID_INPUT, "3 is a bad case file"),
        (ExitCode.RULES_INVALID, "4 rules that do not load"),
        (ExitCode.INTERNAL_ERROR, "an internal error is 70"),
    ]:
        assert words in text, (code, words)
        assert str(code.value) in words
