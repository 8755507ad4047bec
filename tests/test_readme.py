"""The README's tour is run as written: each command, its exit code, and the sample output."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text()
COMMANDS = [
    line.removeprefix("$ ")
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.DOTALL)
    for line in block.splitlines()
    if line.startswith("$ ")
]


def test_setup_has_exactly_two_commands() -> None:
    setup = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    [block] = re.findall(r"```sh\n(.*?)```", setup, flags=re.DOTALL)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["uv run deplan serve", "uv run pytest"]


@pytest.mark.parametrize("line", COMMANDS)
def test_tour_command(line: str, tmp_path: Path) -> None:
    command, _, comment = line.partition("#")
    expected = int(re.search(r"exit (\d+)", comment).group(1))  # type: ignore[union-attr]
    words = shlex.split(command)
    assert words[:2] == ["uv", "run"], "tour commands run through uv"
    words = [str(Path(sys.executable).parent / words[2]), *words[3:]]
    words = [str(tmp_path / "audit-out") if word == "audit-out" else word for word in words]
    env = {**os.environ, "DEPLAN_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "100"}
    env.pop("DEPLAN_RULES", None)
    completed = subprocess.run(
        words, cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert completed.returncode == expected, completed.stderr[-2000:]


def test_sample_output_is_what_check_prints() -> None:
    [sample] = re.findall(r"```text\n(.*?)```", README, flags=re.DOTALL)
    deplan = str(Path(sys.executable).parent / "deplan")
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("DEPLAN_RULES", None)
    completed = subprocess.run(
        [deplan, "check", "examples/not-ready-step-down.json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert sample in completed.stdout, (
        "refresh the README sample from `COLUMNS=100 uv run deplan check ...`"
    )
