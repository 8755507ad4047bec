"""The re-audit benchmark reads each process's memory from /proc: PSS and RSS."""

import os
import sys

import pytest

from benchmarks.audit_bench import process_memory


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc (Linux)")
def test_process_memory_reads_pss_rss_and_peak() -> None:
    memory = process_memory(str(os.getpid()))
    assert memory is not None
    assert 0 < memory.pss_kb <= memory.rss_kb <= memory.hwm_kb
    assert memory.cpu_s > 0


def test_a_process_that_is_gone_has_no_memory() -> None:
    assert process_memory("0") is None
