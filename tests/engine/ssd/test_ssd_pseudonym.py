"""Keyed-hash refs: stable with the same key, unlinkable without it, the key never shown."""

import stat
from pathlib import Path

import pytest

from engine.ssd.problems import ImportInputError
from engine.ssd.pseudonym import Pseudonymiser, load_key, write_new_key


def test_same_key_same_ref_other_key_other_ref() -> None:
    first = Pseudonymiser(b"k" * 32)
    assert first.ref("family", "F1") == Pseudonymiser(b"k" * 32).ref("family", "F1")
    assert first.ref("family", "F1") != Pseudonymiser(b"j" * 32).ref("family", "F1")
    assert first.ref("family", "F1") != first.ref("person", "F1")
    assert first.ref("family", "F1").startswith("F-")
    assert len(first.ref("family", "F1")) == 18


def test_the_key_is_not_in_the_repr() -> None:
    assert "secret" not in repr(Pseudonymiser(b"secret-key-0123456789"))


def test_new_keys_are_owner_only_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "ssd.key"
    write_new_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = load_key(path)
    assert len(key) == 64
    with pytest.raises(FileExistsError):
        write_new_key(path)
    assert load_key(path) == key


def test_a_short_or_missing_key_is_refused_without_showing_it(tmp_path: Path) -> None:
    path = tmp_path / "short.key"
    path.write_text("tiny\n", encoding="ascii")
    with pytest.raises(ImportInputError) as raised:
        load_key(path)
    assert "tiny" not in str(raised.value)
    with pytest.raises(ImportInputError, match="cannot be read"):
        load_key(tmp_path / "absent.key")
