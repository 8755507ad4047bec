import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from engine import base_rules_dir


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A writable copy of the base catalogue, to break on purpose."""
    target = tmp_path / "rules"
    shutil.copytree(base_rules_dir(), target, ignore=shutil.ignore_patterns("tests"))
    return target


@pytest.fixture
def write_rule(rules_copy: Path) -> Callable[[str, str], Path]:
    def write(name: str, text: str) -> Path:
        path = rules_copy / "catalogue" / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
