"""A plain `deplan check` runs without the Typer app and does exactly what the app does.

`api.cli.run` takes `check CASE.json [--as-of DATE] [--rules DIR]` itself and gives
everything else to Typer. Compared here by running both, each in its own process, on the
same arguments: the same output, errors and exit code.
"""

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from api.cli import console, run
from api.cli.exit_codes import ExitCode
from api.cli.plain_check import PlainCheck, parse_plain_check
from api.settings import PREFIX
from engine import RuleSet

REPO = Path(__file__).resolve().parents[3]
EXAMPLES = REPO / "examples"
NOT_READY = EXAMPLES / "not-ready-step-down.json"
PLAIN = "from api.cli import run; run()"
THROUGH_TYPER = "import sys; from api.cli.commands import run_app; sys.exit(run_app())"


def _environment(**extra: str) -> dict[str, str]:
    environment = {name: value for name, value in os.environ.items() if not name.startswith(PREFIX)}
    return {**environment, "COLUMNS": "120", **extra}


def _run(code: str, arguments: list[str], environment: Mapping[str, str]) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-c", code, *arguments],
        cwd=REPO,
        env=dict(environment),
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="module")
def overlay(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("overlay")
    (folder / "overrides.yaml").write_text("severity:\n  sustained-change: advisory\n")
    return folder


@pytest.fixture(scope="module")
def broken_overlay(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("broken")
    (folder / "overrides.yaml").write_text("severity:\n  sustained-chnge: advisory\n")
    return folder


@pytest.mark.parametrize(
    "arguments",
    [
        [str(NOT_READY)],
        [str(EXAMPLES / "sibling-step-down-and-continue.json")],
        [str(EXAMPLES / "insufficient-information.json")],
        ["--as-of", "2024-05-01", str(NOT_READY)],
        [str(NOT_READY), "--as-of=2024-05-01"],
        [str(EXAMPLES / "absent.json")],
        [str(EXAMPLES / "cohort.jsonl")],
        [str(EXAMPLES)],
    ],
    ids=["not-ready", "siblings", "insufficient", "as-of", "as-of=", "absent", "not-a-case", "dir"],
)
def test_plain_check_prints_and_exits_as_the_typer_app_does(arguments: list[str]) -> None:
    environment = _environment()
    assert parse_plain_check(["check", *arguments], environment, os.name) is not None
    plain = _run(PLAIN, ["check", *arguments], environment)
    assert plain == _run(THROUGH_TYPER, ["check", *arguments], environment)
    assert plain[0] in set(ExitCode)


@pytest.mark.parametrize("by", ["option", "setting"])
def test_overlays_are_read_as_the_typer_app_reads_them(
    overlay: Path, broken_overlay: Path, by: str
) -> None:
    for folder, expected in (
        (overlay, ExitCode.NOT_READY),
        (broken_overlay, ExitCode.RULES_INVALID),
    ):
        if by == "option":
            arguments, environment = ["check", str(NOT_READY), f"--rules={folder}"], _environment()
        else:
            arguments, environment = (
                ["check", str(NOT_READY)],
                _environment(DEPLAN_RULES=str(folder)),
            )
        plain = _run(PLAIN, arguments, environment)
        assert plain == _run(THROUGH_TYPER, arguments, environment)
        assert plain[0] == expected


def test_a_bad_setting_stops_the_plain_check_as_it_stops_the_app() -> None:
    environment = _environment(DEPLAN_THREADS="many")
    plain = _run(PLAIN, ["check", str(NOT_READY)], environment)
    assert plain == _run(THROUGH_TYPER, ["check", str(NOT_READY)], environment)
    assert plain[0] == ExitCode.SETTINGS_INVALID


def test_plain_arguments_are_converted_as_typer_converts_them() -> None:
    assert parse_plain_check(
        ["check", "--rules", "overlay", "case.json", "--as-of=2024-05-01"], {}, "posix"
    ) == PlainCheck(Path("case.json"), dt.date(2024, 5, 1), Path("overlay"))
    assert parse_plain_check(["check", "case=1.json"], {}, "posix") == PlainCheck(
        Path("case=1.json"), None, None
    )


@pytest.mark.parametrize(
    "arguments",
    [
        [],
        ["check"],
        ["rules", "list"],
        ["--help"],
        ["check", "--help"],
        ["check", "case.json", "--json"],
        ["check", "case.json", "other.json"],
        ["check", "-"],
        ["check", ""],
        ["check", "case.json", "--"],
        ["check", "case.json", "--as-of"],
        ["check", "case.json", "--as-of", "2024-13-01"],
        ["check", "case.json", "--as-of", "1 May 2024"],
        ["check", "case.json", "--rules="],
        ["check", "case.json", "--rules", "-x"],
        ["check", "case.json", "--rules", "a", "--rules", "b"],
        ["check", "case.json", "--unknown"],
        ["check", "case.json", "-h"],
    ],
)
def test_anything_else_goes_to_the_typer_app(arguments: list[str]) -> None:
    assert parse_plain_check(arguments, {}, "posix") is None


def test_completion_requests_and_windows_go_to_the_typer_app() -> None:
    arguments = ["check", "case.json"]
    assert parse_plain_check(arguments, {"_DEPLAN_COMPLETE": "bash_complete"}, "posix") is None
    assert parse_plain_check(arguments, {}, "nt") is None
    assert parse_plain_check(arguments, {"_DEPLAN_COMPLETE": ""}, "posix") is not None


def test_a_path_typer_would_refuse_as_unreadable_goes_to_the_typer_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "access", lambda *_: False)
    assert parse_plain_check(["check", str(NOT_READY)], {}, "posix") is None
    assert parse_plain_check(["check", str(NOT_READY) + ".absent"], {}, "posix") is not None


def test_ctrl_c_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(RuleSet, "assess", interrupted)
    monkeypatch.setattr(sys, "argv", ["deplan", "check", str(NOT_READY)])
    with pytest.raises(SystemExit) as exit_info:
        run()
    assert exit_info.value.code == ExitCode.INTERRUPTED


def test_a_closed_pipe_exits_1_without_a_traceback() -> None:
    for code in (PLAIN, THROUGH_TYPER):
        with subprocess.Popen(
            [sys.executable, "-c", code, "check", str(NOT_READY)],
            cwd=REPO,
            env=_environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as process:
            assert process.stdout is not None
            assert process.stderr is not None
            process.stdout.close()
            error = process.stderr.read()
        assert (process.returncode, error) == (1, b"")


def test_the_settings_prefix_is_the_settings_one() -> None:
    assert console.SETTINGS_PREFIX == PREFIX


def test_the_installed_command_ends_with_all_of_its_output() -> None:
    """`deplan` ends a plain check without finalising the interpreter: nothing is lost."""
    script = Path(sys.executable).with_name("deplan")
    if not script.exists():
        pytest.skip("the `deplan` command is not installed beside this interpreter")
    for arguments in (["check", str(NOT_READY)], ["check", str(EXAMPLES / "absent.json")]):
        done = subprocess.run(
            [str(script), *arguments],
            cwd=REPO,
            env=_environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        assert (done.returncode, done.stdout, done.stderr) == _run(PLAIN, arguments, _environment())
