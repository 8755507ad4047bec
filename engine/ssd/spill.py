"""Group records by family in bounded memory: hash-partition them into bucket files on disk,
then read back one bucket at a time.

Memory holds one bucket, whose size is the extract's size divided by the number of buckets;
the number grows with the extract (`buckets_for`), so a large authority's million
involvement rows are never all in memory.
"""

from __future__ import annotations

import json
import zlib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

BUCKET_INPUT_BYTES = 8 * 1024 * 1024
MAX_BUCKETS = 128


def buckets_for(total_input_bytes: int) -> int:
    return max(1, min(MAX_BUCKETS, total_input_bytes // BUCKET_INPUT_BYTES + 1))


class FamilyRecords:
    """One family's records, by kind, in the order they were read."""

    def __init__(self, family_key: str) -> None:
        self.family_key = family_key
        self.by_kind: dict[str, list[tuple[int, list[Any]]]] = defaultdict(list)
        """kind -> [(line, fields)]."""


class Spill:
    def __init__(self, directory: Path, buckets: int) -> None:
        self.directory = directory
        self.buckets = buckets
        self._handles: list[IO[str]] = [
            (directory / f"bucket-{index:03d}.jsonl").open("w", encoding="utf-8")
            for index in range(buckets)
        ]

    def add(self, family_key: str, kind: str, line: int, fields: tuple[Any, ...]) -> None:
        bucket = zlib.crc32(family_key.encode()) % self.buckets
        self._handles[bucket].write(
            json.dumps([family_key, kind, line, list(fields)], separators=(",", ":")) + "\n"
        )

    def close(self) -> None:
        for handle in self._handles:
            handle.close()

    def families(self) -> Iterator[FamilyRecords]:
        """Each family's records, bucket by bucket; within a bucket by family key."""
        self.close()
        for index in range(self.buckets):
            path = self.directory / f"bucket-{index:03d}.jsonl"
            families: dict[str, FamilyRecords] = {}
            with path.open(encoding="utf-8") as handle:
                for text in handle:
                    family_key, kind, line, fields = json.loads(text)
                    family = families.get(family_key)
                    if family is None:
                        family = families[family_key] = FamilyRecords(family_key)
                    family.by_kind[kind].append((line, fields))
            path.unlink()
            for key in sorted(families):
                yield families[key]
            families.clear()
