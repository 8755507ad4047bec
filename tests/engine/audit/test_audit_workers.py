"""The worker pool's plumbing: chunk files appended in input order and never left behind,
chunks that shrink near the end of the input, and the pair denominators of the summary."""

import itertools
import json
import os
from pathlib import Path

import pytest

from engine.audit.inputs import Reader, resolve_inputs
from engine.audit.outputs import PARTIAL_SUFFIX, StreamedOutputs, chunk_file, prepare_out
from engine.audit.pool import chunks
from engine.audit.runner import AuditError, AuditRequest, run_audit
from engine.audit.summary import JudgedSets

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
COHORT = EXAMPLES / "cohort.jsonl"
WITH_ERRORS = EXAMPLES / "cohort-with-errors.jsonl"
STREAMED = ("assessments.jsonl", "findings.csv", "rejected.jsonl")


def audit(out: Path, workers: int, chunk_records: int = 200) -> dict[str, bytes]:
    run_audit(
        AuditRequest([WITH_ERRORS, COHORT], out, workers=workers, chunk_records=chunk_records)
    )
    return {name: (out / name).read_bytes() for name in STREAMED}


def test_two_workers_write_the_bytes_of_one_in_the_same_order(tmp_path: Path) -> None:
    one = audit(tmp_path / "one", workers=1)
    two = audit(tmp_path / "two", workers=2, chunk_records=7)  # many chunks, rejections among them
    assert two == one
    assert one["rejected.jsonl"].count(b"\n") == 8
    lines = [json.loads(line)["line"] for line in one["rejected.jsonl"].splitlines()]
    assert lines == sorted(lines)
    assert not [p.name for p in (tmp_path / "two").iterdir() if p.name.endswith(PARTIAL_SUFFIX)]


def test_an_impact_analysis_with_two_workers_writes_the_changes_of_one(tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    (old / "overrides.yaml").write_text("severity:\n  sustained-change: advisory\n")
    changes = []
    for workers in (1, 2):
        out = tmp_path / f"out-{workers}"
        run_audit(
            AuditRequest([WITH_ERRORS], out, compare_rules=old, workers=workers, chunk_records=9)
        )
        changes.append((out / "changes.jsonl").read_bytes())
    assert changes[0].count(b"\n") > 1
    assert changes[1] == changes[0]


def test_an_audit_that_fails_removes_the_chunk_files_of_its_workers(tmp_path: Path) -> None:
    out = tmp_path / "out"
    calls = itertools.count()
    with pytest.raises(AuditError, match="stopped"):
        run_audit(
            AuditRequest([COHORT], out, workers=2, chunk_records=20),
            should_stop=lambda: next(calls) > 10,
        )
    assert list(out.iterdir()) == []


def test_force_removes_the_chunk_files_of_an_interrupted_audit(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    left = [chunk_file(out, "assessments.jsonl", 3), chunk_file(out, "findings.csv", 12)]
    mine = [out / "notes.3.partial", out / "assessments.jsonl.x.partial"]
    for path in left + mine:
        path.write_text("x")
    prepare_out(out, force=True)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in mine)


def test_a_chunk_file_is_copied_through_this_process_without_an_in_kernel_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unsupported(*_: object) -> int:
        raise OSError("not supported")

    streams = StreamedOutputs(tmp_path, ["findings.csv"])
    streams.append("findings.csv", b"header\n")
    chunk = chunk_file(tmp_path, "findings.csv", 0)
    chunk.write_bytes(b"row 1\nrow 2\n")
    monkeypatch.setattr(os, "copy_file_range", unsupported)
    streams.append("findings.csv", chunk)
    streams.append("findings.csv", b"row 3\n")
    streams.publish()
    assert (tmp_path / "findings.csv").read_bytes() == b"header\nrow 1\nrow 2\nrow 3\n"
    assert not chunk.exists()


def test_chunk_files_are_appended_after_what_was_written(tmp_path: Path) -> None:
    streams = StreamedOutputs(tmp_path, ["assessments.jsonl"])
    streams.append("assessments.jsonl", b"first\n")
    for index in range(3):
        chunk = chunk_file(tmp_path, "assessments.jsonl", index)
        chunk.write_bytes(f"chunk {index}\n".encode())
        streams.append("assessments.jsonl", chunk)
    streams.append("assessments.jsonl", b"last\n")
    streams.publish()
    text = (tmp_path / "assessments.jsonl").read_text()
    assert text == "first\nchunk 0\nchunk 1\nchunk 2\nlast\n"


def test_chunks_shrink_near_the_end_with_several_workers_only() -> None:
    sources = resolve_inputs([COHORT])
    one = [len(chunk) for chunk in chunks(Reader(sources), 50, workers=1)]
    assert one == [50] * 8
    two = list(chunks(Reader(sources), 50, workers=2))
    sizes = [len(chunk) for chunk in two]
    assert sizes[0] == 50
    assert sizes[-3:] == sorted(sizes[-3:], reverse=True)
    assert min(sizes) < 50
    assert [record.line for chunk in two for record in chunk] == list(range(1, 401))
    assert all(len(chunk) <= 50 for chunk in chunks(Reader(sources), 3, workers=2))


def test_pairs_judged_together_are_counted_from_the_judged_sets() -> None:
    judged_sets = {
        ("a", "b", "c"): 5,
        ("a", "c"): 1,
        ("b", "c"): 1023,
        ("a", "b"): 6,
        ("d",): 2,
    }
    sets = JudgedSets(judged_sets)
    for first, second in itertools.combinations("abcde", 2):
        expected = sum(n for rules, n in judged_sets.items() if first in rules and second in rules)
        assert sets.both(first, second) == expected, (first, second)
    assert JudgedSets({}).both("a", "b") == 0
