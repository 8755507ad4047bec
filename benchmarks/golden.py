"""A golden check for engine changes that must not change behaviour: the assessment JSON of
every example case and of the seeded 400-case cohort, written once, compared after.

    uv run python -m benchmarks.golden write DIR     # before the change (DIR not committed)
    uv run python -m benchmarks.golden check DIR     # after: byte for byte, digest aside

Each case is assessed on its decision date and 400 days later (time-based rules then give
other outcomes and dates), with the rules as loaded with no overlay. Lines of a JSON Lines
example that are not valid cases are skipped (the same ones every time). The case digest
is compared apart: `check` fails on any other difference and reports digest differences
only as a count, so that a change of the digest's definition can still be checked.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from benchmarks.corpus import SEED, case_texts
from engine import load_ruleset
from engine.ruleset import RuleSet
from models.case import parse_case

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
COHORT = 400
LATER = dt.timedelta(days=400)
_DIGEST = re.compile(r'"case_digest":"[^"]*"')


def _sources() -> Iterator[tuple[str, list[str]]]:
    """(name, case texts) for each example file and for the seeded cohort."""
    for path in sorted(EXAMPLES.glob("*.json")):
        yield path.name, [path.read_text(encoding="utf-8")]
    for path in sorted(EXAMPLES.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        yield path.name, [line for line in lines if line.strip()]
    yield f"cohort-{SEED}-{COHORT}", case_texts(COHORT, SEED)


def _assessments(ruleset: RuleSet, texts: list[str]) -> list[str]:
    lines = []
    for index, text in enumerate(texts):
        try:
            case = parse_case(text)
        except ValidationError:
            lines.append(f"{index}: not a valid case")
            continue
        for as_of in (case.decision_date, case.decision_date + LATER):
            lines.append(ruleset.assess(case, as_of).model_dump_json())
    return lines


def write(directory: Path) -> int:
    ruleset = load_ruleset(overlay="")
    directory.mkdir(parents=True, exist_ok=True)
    for name, texts in _sources():
        lines = _assessments(ruleset, texts)
        (directory / f"{name}.golden").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{name}: {len(lines)} assessments written")
    return 0


def check(directory: Path) -> int:
    ruleset = load_ruleset(overlay="")
    failed = 0
    for name, texts in _sources():
        expected = (directory / f"{name}.golden").read_text(encoding="utf-8").splitlines()
        actual = _assessments(ruleset, texts)
        digests = sum(1 for a, e in zip(actual, expected, strict=False) if a != e)
        differing = [
            (index, a, e)
            for index, (a, e) in enumerate(zip(actual, expected, strict=False))
            if _DIGEST.sub("", a) != _DIGEST.sub("", e)
        ]
        if len(actual) != len(expected):
            print(f"{name}: {len(actual)} assessments, golden has {len(expected)}")
            failed += 1
        for index, a, e in differing[:3]:
            print(f"{name}: assessment {index} differs:")
            print(
                "\n".join(
                    difflib.unified_diff(
                        _DIGEST.sub("", e).split(',"'), _DIGEST.sub("", a).split(',"'), lineterm=""
                    )
                )
            )
        failed += len(differing)
        print(
            f"{name}: {len(actual) - len(differing)} of {len(actual)} identical"
            f" ({digests - len(differing)} differ only in the case digest)"
        )
    print("golden check: " + ("FAILED" if failed else "all identical"))
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.golden", description=__doc__)
    parser.add_argument("action", choices=("write", "check"))
    parser.add_argument("directory", type=Path)
    args = parser.parse_args(argv)
    return write(args.directory) if args.action == "write" else check(args.directory)


if __name__ == "__main__":
    sys.exit(main())
